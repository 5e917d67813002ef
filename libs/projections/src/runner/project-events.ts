import { RecordedEvent } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { Projection } from '../projection';
import { WorkingSet } from './working-set';

/**
 * Applies a few events, in position order, to projections in a store, one commit each: read
 * models built from a chosen set of events (a partner's as of a time) by the same code as the
 * live ones. Every event is held in memory: meant for one partner's events, not a whole log.
 */
export async function projectEvents(projections: readonly Projection[], events: readonly RecordedEvent[], store: ReadStore): Promise<void> {
  for (const projection of projections) {
    await store.ensureCollections(projection.collections);
    if (events.length === 0) continue;
    const working = new WorkingSet(projection, store);
    await working.apply([...events]);
    await store.commit(projection.name, working.writes(), events[events.length - 1]!.position);
  }
}
