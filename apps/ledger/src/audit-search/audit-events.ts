import { isLedgerEvent, LedgerEvent, partnerIdOf } from '@ledger/domain';
import { Projection, projectionOf } from '@ledger/projections';
import { IndexSpec } from '@ledger/read-store';
import { RecordedEntry } from './recorded-entry';

/** The `audit_events` read model: every ledger event, id = its position on 20 digits; a partner's history is read from it too. */
export const AUDIT_EVENTS = 'audit_events';

/** Zero-padded so that ids sort as positions do, as text, in every store. */
export const auditEventId = (position: bigint) => position.toString().padStart(20, '0');

/** Which of an event's two times a search bounds and orders by. */
export const AUDIT_TIMES = { recorded: 'recordedAt', occurred: 'occurredAt' } as const;
export type AuditTime = keyof typeof AUDIT_TIMES;

/** The fields a search filters on by equality. */
export const AUDIT_FILTERS = ['actor', 'source', 'type', 'streamId', 'partnerId'] as const;
export type AuditFilterField = (typeof AUDIT_FILTERS)[number];

/**
 * An event as stored for search: its envelope as the history keeps it, with the metadata a search filters on
 * (actor, source) copied to the top so that each has a plain index, position and revision as
 * integers, and its times as instants (BSON Date in MongoDB) so that a range compares
 * instants; the time as published, with its offset, stays in `occurredAtText`. `metadata`
 * is kept whole, with `hash` and `prevHash` where the event was recorded with them.
 */
export interface AuditEventDocument extends RecordedEntry {
  /** The partner the event belongs to, when it belongs to one. */
  partnerId?: string;
  actor: string;
  source: string;
  correlationId: string;
  causationId: string;
}

/**
 * A search reads one index whatever it is given: a range of one time ordered by that time
 * (`time` alone), or one filter's value and then that range and order (`filter` + `time`).
 * Further filters narrow what that index finds.
 */
const searchIndexes: IndexSpec[] = Object.values(AUDIT_TIMES).flatMap((time) => [
  { fields: [{ field: time, direction: 'asc' as const }] },
  ...AUDIT_FILTERS.map((filter) => ({ fields: [{ field: filter, direction: 'asc' as const }, { field: time, direction: 'asc' as const }] })),
]);

/** A partner's history pages through its events in position order (ties of every index are broken by id, the position). */
const historyIndex: IndexSpec = { fields: [{ field: 'partnerId', direction: 'asc' }] };

/** The fields the indexes read, kept in columns of their own where the store can (the embedded one): no JSON parsed per index entry. */
const indexedFields = [...new Set([...searchIndexes, historyIndex].flatMap((index) => index.fields.map((f) => f.field)))];

/**
 * Every ledger event with its whole envelope, so that an auditor asks who did what, where and
 * when, across all streams, or pages through one partner's history: the read models' one copy of the events.
 */
export const auditEventsProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'audit-events',
  // 2: its indexed fields in columns of their own (embedded store).
  version: 2,
  collections: [{ name: AUDIT_EVENTS, indexes: [...searchIndexes, historyIndex], dates: ['occurredAt', 'recordedAt'], columns: indexedFields }],

  // A document is written once from its event alone and never read back: nothing to load.
  refs() {
    return [];
  },

  apply(event) {
    const partnerId = partnerIdOf(event);
    const { metadata } = event;
    // Written out field by field, in the envelope's order: built once per event of every rebuild, no copy made on the way.
    const doc: AuditEventDocument = {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      occurredAt: new Date(event.occurredAt).toISOString(),
      recordedAt: new Date(event.recordedAt).toISOString(),
      data: event.data,
      metadata,
      actor: metadata.actor,
      source: metadata.source,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      occurredAtText: event.occurredAt,
    };
    if (typeof partnerId === 'string') doc.partnerId = partnerId;
    return [{ collection: AUDIT_EVENTS, id: auditEventId(event.position), doc }];
  },
});
