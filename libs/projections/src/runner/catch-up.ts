import { EventStore } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { Projection } from '../projection';
import { REBUILD_DEFAULTS } from './rebuild';
import { WorkingSet } from './working-set';

/**
 * Brings projections from their checkpoints up to the event store's head as it is now, a
 * page at a time, each page one commit per projection: what a projector does, without
 * following for ever. Returns the events applied (over all projections).
 */
export async function catchUpReadModels(
  projections: readonly Projection[],
  events: EventStore,
  store: ReadStore,
  options: { pageSize?: number } = {},
): Promise<{ events: number }> {
  const pageSize = options.pageSize ?? REBUILD_DEFAULTS.pageSize;
  let count = 0;
  for (const projection of projections) {
    let position = (await store.checkpoint(projection.name)) ?? 0n;
    for (;;) {
      const page = await events.readAll({ after: position, maxCount: pageSize });
      if (page.length === 0) break;
      const working = new WorkingSet(projection, store);
      await working.apply(page);
      position = page[page.length - 1]!.position;
      await store.commit(projection.name, working.writes(), position);
      count += page.length;
    }
  }
  return { events: count };
}
