import { isLedgerEvent, LedgerEvent, partnerIdOf } from '@ledger/domain';
import { SerialisedEvent, serialiseEvent } from '@ledger/event-store';
import { Projection, projectionOf } from '@ledger/projections';

/** The `history` read model: every event of a partner and of its leads, id = position. */
export const HISTORY = 'history';

/** Zero-padded so that ids sort as positions do, as text, in every store. */
export const historyId = (position: bigint) => position.toString().padStart(20, '0');

export interface HistoryEntry extends SerialisedEvent {
  partnerId: string;
}

/**
 * Every event of a partner and of its leads, in global order, with the whole envelope, so
 * that an auditor pages through one partner's history without reading every stream.
 */
export const partnerHistoryProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'partner-history',
  collections: [{ name: HISTORY, indexes: [{ fields: [{ field: 'partnerId', direction: 'asc' }] }] }],

  // An entry is written once from its event alone and never read back: nothing to load.
  // Redelivered, it is the same entry at the same position, which the store keeps as is.
  refs() {
    return [];
  },

  apply(event) {
    const partnerId = partnerIdOf(event);
    if (typeof partnerId !== 'string') return [];
    const entry: HistoryEntry = { partnerId, ...serialiseEvent(event) };
    return [{ collection: HISTORY, id: historyId(event.position), doc: entry }];
  },
});
