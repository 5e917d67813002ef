import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { RecordEngagementCommand, RecordEngagementDto } from './record-engagement.command';

/** Engagements over HTTP: seminars, trainings, conventions, partner meetings, pre-sales kits. */
@CommandRoutes()
export class EngagementsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/engagements')
  @ApiOperation({
    summary: 'Record a seminar, training, convention, partner meeting or pre-sales kit a partner took part in or received',
    description:
      'Counted on the month\'s scorecard and the profile (`engagements`, `averageSatisfaction`) and as the partner\'s last activity. ' +
      'A satisfaction outside 1–5 or with more than one decimal is refused by the schema (400 VALIDATION_FAILED); the answer names the engagementId.',
  })
  @ApiCommand(404, 409)
  recordEngagement(@Param() { partnerId }: PartnerParams, @Body() body: RecordEngagementDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RecordEngagementCommand(partnerId, body, context));
  }
}
