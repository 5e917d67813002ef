import { periodBounds } from '@ledger/domain';
import { Filter, ReadStore } from '@ledger/read-store';
import { PARTNERS, PartnerProfile } from '../partners';
import { emptyScorecard, SCORECARDS, Scorecard } from './scorecard';
import { measure, MeasuredScorecard, MeasureSources, sourcesOf } from './scorecard-measures';

/** Every scorecard of a period matching `filter`, read a page at a time by the period's index. */
export async function* periodScorecards(store: ReadStore, period: string, filter: Filter = {}, pageSize = 500): AsyncGenerator<Scorecard[]> {
  let cursor: string | undefined;
  do {
    const page = await store.find<Scorecard>(SCORECARDS, { filter: { period, ...filter }, limit: pageSize, cursor });
    if (page.items.length) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A scorecard's filter as the same filter on partner profiles (a profile keeps its region in its territory). */
const profileFilter = (filter: Filter): Filter =>
  Object.fromEntries(Object.entries(filter).map(([field, value]) => [field === 'region' ? 'territory.region' : field, value]));

/**
 * The partners registered before the period ends that recorded nothing in it, matching
 * `filter`, each as the empty scorecard its GET answers: they have targets to miss, and a
 * roll-up or a ranking without them would show only the partners that did something.
 */
async function* quietPartners(store: ReadStore, period: string, filter: Filter, active: ReadonlySet<string>, pageSize = 500): AsyncGenerator<Scorecard[]> {
  const end = Date.parse(periodBounds(period).to);
  let cursor: string | undefined;
  do {
    const page = await store.find<PartnerProfile>(PARTNERS, { filter: profileFilter(filter), limit: pageSize, cursor });
    const quiet = page.items.filter((partner) => !active.has(partner.partnerId) && Date.parse(partner.registeredAt) < end).map((partner) => emptyScorecard(partner, period));
    if (quiet.length) yield quiet;
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
  const active = new Set<string>();
  for await (const scorecards of periodScorecards(store, period, filter)) {
    for (const scorecard of scorecards) active.add(scorecard.partnerId);
    loaded.push({ scorecards, sources: await sourcesOf(store, scorecards) });
  }
  for await (const scorecards of quietPartners(store, period, filter, active)) loaded.push({ scorecards, sources: await sourcesOf(store, scorecards) });
  cache.delete(key);
  if (cache.size >= CACHED_LOADS) cache.delete(cache.keys().next().value!);
  cache.set(key, { checkpoints, loaded });
  return loaded;
}

const measuredLoads = new WeakMap<LoadedPeriod, MeasuredScorecard[]>();

/**
 * A period's scorecards matching a filter, measured against their targets. A period that has
 * ended is measured once per load (its engineers certified at its end no longer depend on
 * `now`); one still running, at every call.
 */
export async function measuredPeriod(store: ReadStore, period: string, filter: Filter, now: string): Promise<MeasuredScorecard[]> {
  const loaded = await loadPeriod(store, period, filter);
  const ended = Date.parse(periodBounds(period).to) <= Date.parse(now);
  const kept = ended ? measuredLoads.get(loaded) : undefined;
  if (kept) return kept;
  const measured = loaded.flatMap(({ scorecards, sources }) => scorecards.map((scorecard) => measure(scorecard, sources, now)));
  if (ended) measuredLoads.set(loaded, measured);
  return measured;
}
