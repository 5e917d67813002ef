import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { AuditEventDocument, eventMetadata, recordedEntryView } from '../audit-search';

/**
 * A partner's history is read from the audit events read model, the read models' one copy of
 * every event: an entry is an event of the partner or of its leads, as stored there.
 */
export type HistoryEntry = AuditEventDocument & { partnerId: string };

/**
 * An entry as the API shows it: the envelope as recorded (positions as decimal strings, the
 * time as published), money as decimal strings; what the search filters on is left out.
 */
export function historyView(entry: HistoryEntry) {
  const { partnerId: _partnerId, actor: _actor, source: _source, correlationId: _correlation, causationId: _causation, ...envelope } = entry;
  return recordedEntryView(envelope);
}

const historyEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId: z.string(),
  revision: z.string(),
  position: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: eventMetadata,
});

export class HistoryPageResponse extends createZodDto(pageResponse(historyEntry)) {}
export class HistoryQuery extends createZodDto(z.strictObject({ ...freshnessQuery, ...pageQuery })) {}
