import { Filter, ReadStore } from '@ledger/read-store';
import { SCORECARDS, Scorecard } from './scorecard';
import { MeasureSources, sourcesOf } from './scorecard-measures';

/** Every scorecard of a period matching `filter`, read a page at a time by the period's index. */
export async function* periodScorecards(store: ReadStore, period: string, filter: Filter = {}, pageSize = 500): AsyncGenerator<Scorecard[]> {
  let cursor: string | undefined;
  do {
    const page = await store.find<Scorecard>(SCORECARDS, { filter: { period, ...filter }, limit: pageSize, cursor });
    if (page.items.length) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A period's scorecards matching a filter, a page at a time, each page with the sources it is measured from. */
export type LoadedPeriod = { scorecards: Scorecard[]; sources: MeasureSources }[];

/**
 * The read models a period's scorecards are measured from (their checkpoints name them: a
 * change of either changes what a load would read).
 */
const SOURCES = ['partner-activity', 'objectives'];
const CACHED_LOADS = 16;
const loadsByStore = new WeakMap<ReadStore, Map<string, { checkpoints: string; loaded: LoadedPeriod }>>();

/**
 * What a roll-up or a ranking by attainment reads, kept while the read models it comes from
 * have not moved (by read store, period, filter and both projections' checkpoints, read
 * before the documents: a batch committed meanwhile moves them, so the next load reads
 * again). Asked again on unchanged read models, it reads two checkpoints and nothing else;
 * measuring stays per request (it depends on now).
 */
export async function loadPeriod(store: ReadStore, period: string, filter: Filter = {}): Promise<LoadedPeriod> {
  const checkpoints = (await Promise.all(SOURCES.map((name) => store.checkpoint(name)))).map(String).join('/');
  const key = JSON.stringify([period, Object.entries(filter).sort()]);
  let cache = loadsByStore.get(store);
  if (!cache) loadsByStore.set(store, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.checkpoints === checkpoints) return hit.loaded;
  const loaded: LoadedPeriod = [];
  for await (const scorecards of periodScorecards(store, period, filter)) loaded.push({ scorecards, sources: await sourcesOf(store, scorecards) });
  cache.delete(key);
  if (cache.size >= CACHED_LOADS) cache.delete(cache.keys().next().value!);
  cache.set(key, { checkpoints, loaded });
  return loaded;
}
