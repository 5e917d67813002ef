import { RecordedEvent } from '@ledger/event-store';
import { Projection } from '../projection';

export const HISTORY = 'history';

/** Zero-padded so that ids sort as positions do, as text, in every store. */
export const historyId = (position: bigint) => position.toString().padStart(20, '0');

export interface HistoryEntry {
  [field: string]: unknown;
  partnerId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: string;
  position: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * Every event of a partner and of its leads, in global order, with the whole envelope, so
 * that an auditor pages through one partner's history without reading every stream.
 */
export const partnerHistoryProjection: Projection = {
  name: 'partner-history',
  collections: [{ name: HISTORY, indexes: [{ fields: [{ field: 'partnerId', direction: 'asc' }] }] }],

  refs(event) {
    return typeof event.data['partnerId'] === 'string' ? [{ collection: HISTORY, id: historyId(event.position) }] : [];
  },

  apply(event: RecordedEvent) {
    const partnerId = event.data['partnerId'];
    if (typeof partnerId !== 'string') return [];
    const entry: HistoryEntry = {
      partnerId,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      revision: event.revision.toString(),
      position: event.position.toString(),
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
    };
    return [{ collection: HISTORY, id: historyId(event.position), doc: entry }];
  },
};
