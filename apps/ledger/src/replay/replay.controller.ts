import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../http/api-docs';
import { ReplayJobs } from './replay-jobs';
import { ReplayJobResponse, ReplayParams, replayJobView, StartReplayDto } from './replay.view';

/** Rebuild, compare, switch over HTTP: the CLI's `replay`, run by this ledger instance (README, Rebuild, compare, switch). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/replay')
export class ReplayController {
  constructor(private readonly jobs: ReplayJobs) {}

  @Post()
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a replay: rebuild projections into a new generation while the live one serves, compare them and, with switch, make the new one live',
    description:
      'Answers at once with the job; GET its Location for progress and, once done, the differences found. 400 UNKNOWN_PROJECTION for a name the ledger does not keep; ' +
      '409 REPLAY_RUNNING while another replay runs on this instance (one running elsewhere on the same read store fails the job with REPLAY_RUNNING).',
  })
  @ApiAcceptedResponse({ type: ReplayJobResponse, headers: { Location: { description: 'Where to follow the job', schema: { type: 'string' } } } })
  // Every field has a default: no body at all is a replay of everything, kept as a candidate.
  @ApiBody({ type: StartReplayDto, required: false })
  @ApiProblems(400, 409)
  start(@Body() body: StartReplayDto = {}, @Res({ passthrough: true }) response: Response) {
    const job = this.jobs.start({ projections: body.projections, switch: body.switch }, new Date());
    response.setHeader('Location', `/admin/replay/${job.id}`);
    return replayJobView(job);
  }

  @Get(':replayId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A replay started on this instance: its progress, then its result (events, rate, differences, whether it switched) or why it failed' })
  @ApiOkResponse({ type: ReplayJobResponse })
  @ApiProblems(400, 404)
  get(@Param() { replayId }: ReplayParams) {
    return replayJobView(this.jobs.get(replayId));
  }
}
