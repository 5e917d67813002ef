import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LEDGER_EVENT_TYPES, LedgerEventType, refuse } from '@ledger/domain';
import { identifier, instantBound } from '../contracts/fields';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { AUDIT_TIMES, AuditEventDocument, AuditTime } from './audit-events';
import { ExportFilter } from './audit-export';
import { recordedEntryView } from './recorded-entry';

/**
 * An event as a search shows it: the envelope as recorded (positions as decimal strings, the
 * time as published, money as decimal strings), the partner it belongs to, and its hash.
 */
export function auditEventView(doc: AuditEventDocument) {
  const { actor: _a, source: _s, correlationId: _c, causationId: _k, partnerId, ...entry } = doc;
  const hash = doc.metadata['hash'];
  return { ...recordedEntryView(entry), ...(partnerId === undefined ? {} : { partnerId }), hash: typeof hash === 'string' ? hash : null };
}

/** `type=A,B` or `type=A&type=B`: event types, each one the ledger records. */
/** One or more event types, comma-separated: what the document can say of the list. */
const typeListPattern = `^(?:${LEDGER_EVENT_TYPES.join('|')})(?:,(?:${LEDGER_EVENT_TYPES.join('|')}))*$`;

const eventTypes = z.preprocess(
  (value) => (Array.isArray(value) ? value.join(',') : value),
  z
    .string()
    .max(2000)
    .transform((list) => list.split(','))
    .pipe(z.array(z.enum(LEDGER_EVENT_TYPES as [LedgerEventType, ...LedgerEventType[]])).min(1))
    .meta({ type: 'string', pattern: typeListPattern, description: `Event types, comma-separated or the parameter repeated (any of them): ${LEDGER_EVENT_TYPES.join(', ')}` }),
);

const text = (description: string) => z.string().min(1).max(200).describe(description);

/** The filters the search and the export share. */
export const auditFilterQuery = {
  partnerId: identifier.optional().describe('Events that belong to this partner: its own and its leads\''),
  type: eventTypes.optional(),
  from: instantBound.optional().describe('Instants at or after this one (an instant with Z or an offset, a day YYYY-MM-DD or a month YYYY-MM, read as its first instant in UTC)'),
  to: instantBound.optional().describe('Instants before this one (exclusive; same forms as from); after from (400 INVERTED_TIME_RANGE otherwise)'),
  time: z.enum(Object.keys(AUDIT_TIMES) as [AuditTime, ...AuditTime[]]).default('recorded').describe(
    'Which time from and to bound: recorded (recordedAt, when the ledger recorded the event; the default) or occurred (occurredAt, when it happened at the source)',
  ),
};

/**
 * `from` after `to` is a rule across two fields, which OpenAPI cannot state: refused with its
 * own code (400 INVERTED_TIME_RANGE) rather than as a malformed query.
 */
export function assertTimeRange(q: { from?: string; to?: string }): void {
  if (q.from !== undefined && q.to !== undefined && !(Date.parse(q.from) < Date.parse(q.to))) {
    throw refuse.invalid('INVERTED_TIME_RANGE', `from must be before to (from ${q.from}, to ${q.to})`, { from: q.from, to: q.to });
  }
}

export class AuditSearchQueryDto extends createZodDto(
  z
    .strictObject({
      actor: text('Who caused it: the API key\'s or the publishing service\'s name (metadata.actor)').optional(),
      source: text('Where it came from: http, kafka:<service>, cli (metadata.source)').optional(),
      streamId: z.string().min(1).max(300).describe('One stream, e.g. partner-acme or lead-l1').optional(),
      ...auditFilterQuery,
      ...freshnessQuery,
      ...pageQuery,
    }),
) {}

const exportQuery = z.strictObject(auditFilterQuery);
export class AuditExportQueryDto extends createZodDto(exportQuery) {}

export const exportFilterOf = (q: z.output<typeof exportQuery>): ExportFilter => {
  assertTimeRange(q);
  return { partnerId: q.partnerId, types: q.type, from: q.from, to: q.to, time: q.time };
};

/** The command line's export options, checked as the route checks its query (a ZodError when they are wrong). */
export const parseExportFilter = (options: Record<string, unknown>): ExportFilter =>
  exportFilterOf(exportQuery.parse(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))));

/** An event's metadata as the history and the audit search show it. */
export const eventMetadata = z.object({
  actor: z.string(), source: z.string(), correlationId: z.string(), causationId: z.string(), idempotencyKey: z.string().optional(),
  hash: z.string().optional().describe("The event's hash (lowercase hex SHA-256, docs/audit.md); absent on events recorded before the hash chain"),
  // meta: so that the OpenAPI document says `nullable: true` rather than an array
  prevHash: z.string().nullable().optional().meta({ type: 'string', nullable: true, description: 'The chain value of the previous event of its stream; null for its first event' }),
});

const auditEvent = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId: z.string(),
  revision: z.string().describe('Revision in its stream, as a decimal string'),
  position: z.string().describe('Global position, as a decimal string'),
  partnerId: z.string().optional().describe('The partner the event belongs to, when it belongs to one'),
  occurredAt: z.string().describe('When it happened, as published (ISO-8601 with its offset)'),
  recordedAt: z.string().describe('When the ledger recorded it (ISO-8601, UTC)'),
  hash: z.string().nullable().meta({ type: 'string', nullable: true, description: 'The event\'s hash (metadata.hash), lowercase hex SHA-256; null for an event recorded before hashing' }),
  data: z.record(z.string(), z.unknown()).describe('As recorded, money as decimal strings; personal fields in clear for the roles that may see them'),
  metadata: eventMetadata.catchall(z.unknown()),
});

export class AuditEventPageResponse extends createZodDto(pageResponse(auditEvent)) {}
