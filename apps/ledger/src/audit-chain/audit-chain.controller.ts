import { Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { refuse } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { verifyStream } from './chain-verification';
import { StreamParams, StreamVerificationResponse } from './stream-verification.view';

/** A stream's hash chain, recomputed from the stored events, for auditors. */
@QueryRoutes()
export class AuditChainController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('audit/streams/:streamId/verify')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "Recompute a stream's hash chain from its stored events and name its first broken link" })
  @ApiOkResponse({ type: StreamVerificationResponse })
  @ApiProblems(400, 404)
  async verify(@Param() { streamId }: StreamParams) {
    const report = await verifyStream(this.store, streamId);
    if (!report) throw refuse.notFound('STREAM_NOT_FOUND', `no stream ${streamId}`, { streamId });
    return report;
  }
}
