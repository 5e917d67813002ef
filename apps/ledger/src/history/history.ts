import { isLedgerEvent, LedgerEvent, partnerIdOf } from '@ledger/domain';
import { SerialisedEvent, serialiseEvent } from '@ledger/event-store';
import { Projection, projectionOf } from '@ledger/projections';

/** The `history` read model: every event of a partner and of its leads, id = position. */
export const HISTORY = 'history';

/** Zero-padded so that ids sort as positions do, as text, in every store. */
export const historyId = (position: bigint) => position.toString().padStart(20, '0');

/**
 * An entry as stored: the event's envelope with its position and revision as integers
 * (int64 in MongoDB, so they sort as numbers) and its times as instants in UTC (BSON Date),
 * so that a range on `occurredAt` compares instants. The time as published, with its
 * offset, is kept in `occurredAtText`. Read back, integers are numbers (bigints beyond 2^53).
 */
export interface HistoryEntry extends RecordedEntry {
  partnerId: string;
}

/** An event's envelope as read models keep it (the history, the audit events): see HistoryEntry. */
export interface RecordedEntry {
  [field: string]: unknown;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  position: number | bigint;
  revision: number | bigint;
  occurredAt: string;
  occurredAtText: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: SerialisedEvent['metadata'];
}

/**
 * Every event of a partner and of its leads, in global order, with the whole envelope, so
 * that an auditor pages through one partner's history without reading every stream.
 */
export const partnerHistoryProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'partner-history',
  // 2: positions and revisions as integers, times as instants (dates), occurredAtText added.
  version: 2,
  collections: [{ name: HISTORY, indexes: [{ fields: [{ field: 'partnerId', direction: 'asc' }] }], dates: ['occurredAt', 'recordedAt'] }],

  // An entry is written once from its event alone and never read back: nothing to load.
  // Redelivered, it is the same entry at the same position, which the store keeps as is.
  refs() {
    return [];
  },

  apply(event) {
    const partnerId = partnerIdOf(event);
    if (typeof partnerId !== 'string') return [];
    const entry: HistoryEntry = {
      partnerId,
      ...serialiseEvent(event),
      position: event.position,
      revision: event.revision,
      occurredAt: new Date(event.occurredAt).toISOString(),
      occurredAtText: event.occurredAt,
      recordedAt: new Date(event.recordedAt).toISOString(),
    };
    return [{ collection: HISTORY, id: historyId(event.position), doc: entry }];
  },
});
