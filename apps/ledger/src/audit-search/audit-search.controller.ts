import { Get, Inject, Logger, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Audience, ReaderAudience } from '../auth/personal-data-access';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { minPosition } from '../http/dto';
import { exportPages, exportStream } from './audit-export';
import { SearchAuditEventsQuery } from './audit-search.queries';
import { AuditEventPageResponse, AuditExportQueryDto, AuditSearchQueryDto, assertTimeRange, exportFilterOf } from './audit-search.view';

/** `20260314T093000Z`: a file name's instant, without characters a file system may refuse. */
const fileStamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Who did what, for auditors: a search over every event by metadata and time, and the export of the events as recorded. The clock is read here. */
@QueryRoutes('auditor', 'admin')
export class AuditSearchController {
  private readonly logger = new Logger('AuditExport');

  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get('audit/events')
  @ApiOperation({
    summary: 'Every event, of any stream, matching all the filters given (actor, source, type, stream, partner, a time range), paginated',
    description:
      'Ordered by the time `from`/`to` bound (`time=recorded`, the default: recordedAt; `time=occurred`: occurredAt), then by position. ' +
      'Served from the audit read model (projection audit-events), whose indexes answer each filter with the time range.',
  })
  @ApiOkResponse({ type: AuditEventPageResponse })
  @ApiProblems(400, 504)
  searchAuditEvents(@Query() q: AuditSearchQueryDto, @ReaderAudience() audience: Audience) {
    assertTimeRange(q);
    const search = { equal: { actor: q.actor, source: q.source, streamId: q.streamId, partnerId: q.partnerId }, types: q.type, from: q.from, to: q.to, time: q.time };
    return this.queries.execute(new SearchAuditEventsQuery(search, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition), audience));
  }

  @Get('audit/export')
  @ApiOperation({
    summary: 'The events as recorded, as NDJSON (one event a line, in position order), streamed as the client reads it',
    description:
      'Each line is a recorded event: eventId, type, schemaVersion, streamId, revision, position (decimal strings), occurredAt, recordedAt, data as stored ' +
      '(money in minor units, personal fields sealed) and metadata with `hash` and `prevHash`, so that every hash can be recomputed from the file. ' +
      'Read from the event store itself, up to its head when the export began (header X-Ledger-Export-Through). ' +
      'Sent with Content-Disposition: attachment; filename="ledger-export-….ndjson".',
  })
  @ApiOkResponse({
    description: 'NDJSON: one recorded event per line',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': { description: 'attachment; filename="ledger-export-<partnerId or all>-<YYYYMMDDTHHMMSSZ>.ndjson"', schema: { type: 'string' } },
      'X-Ledger-Export-Through': { description: 'The event store\'s head when the export began: the export holds every event it keeps up to this position', schema: { type: 'string' } },
    },
  })
  @ApiProblems(400)
  async exportEvents(@Query() q: AuditExportQueryDto, @Res() response: Response) {
    const filter = exportFilterOf(q); // refuses before the status is sent
    const through = await this.events.headPosition();
    const name = `ledger-export-${q.partnerId ?? 'all'}-${fileStamp(new Date())}.ndjson`;
    response.status(200);
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    response.setHeader('X-Ledger-Export-Through', through.toString());
    const pages = exportPages(this.events, filter, through, { pageSize: this.config.projector.rebuildBatchSize });
    try {
      await pipeline(exportStream(pages), response);
    } catch (error) {
      // The status is sent: a failure (or a client gone) can only end the body early, which NDJSON readers see as a cut line.
      this.logger.warn(`export ended early: ${(error as Error).message}`);
    }
  }
}
