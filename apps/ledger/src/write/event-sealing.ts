import { LedgerEvent } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';

/**
 * How the write path keeps people's data out of the event store: decided events are sealed
 * before they are appended (their personal fields encrypted under each person's key), and
 * events read back for a decision are opened (clear again, or a stand-in per erased person).
 * Implemented by the people capability; the writer only calls it.
 */
export interface EventSealing {
  seal<E extends LedgerEvent>(events: readonly E[]): Promise<E[]>;
  open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]>;
  /** The schema version an event of this type is recorded with. */
  schemaVersion(type: LedgerEvent['type']): number;
}

export const EVENT_SEALING = Symbol('EVENT_SEALING');
