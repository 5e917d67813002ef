import { OBJECTIVE_METRICS, ObjectiveMetric } from '@ledger/domain';
import { Filter, InvalidCursorError, ReadStore } from '@ledger/read-store';
import { requirePartner } from '../partners';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { AttainmentSortField, emptyScorecard, SCORECARDS, Scorecard, scorecardId, ScorecardSortField } from './scorecard';
import { measuredPeriod } from './period-scorecards';
import { measureAll, MeasuredScorecard } from './scorecard-measures';
import { scorecardView } from './scorecard.view';

export class GetScorecardQuery extends ReadModelQuery {
  /** `now`: the edge's clock, for the engineers certified in a period still running. */
  constructor(readonly partnerId: string, readonly period: string, readonly now: string, freshness: Freshness = {}) {
    super(freshness);
  }

  /** A registered partner with no activity in the period has a scorecard of zeros (its targets still apply). */
  async answer({ store, currency }: QueryReads) {
    const partner = await requirePartner(store, this.partnerId);
    const found = await store.get<Scorecard>(SCORECARDS, scorecardId(this.partnerId, this.period));
    const [measured] = await measureAll(store, [found?.doc ?? emptyScorecard(partner, this.period)], this.now);
    return scorecardView(measured!, currency);
  }
}

export type ScorecardFilter = { typology?: string; tier?: string; country?: string; region?: string };
export type ScorecardSort = { field: ScorecardSortField | AttainmentSortField; direction: 'asc' | 'desc' };

export class ListScorecardsQuery extends ReadModelQuery {
  constructor(
    readonly period: string,
    readonly filter: ScorecardFilter,
    readonly sort: ScorecardSort,
    readonly page: PageRequest,
    readonly now: string,
    freshness: Freshness = {},
  ) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const { period, filter, sort, page, now } = this;
    if (sort.field.startsWith('attainment.')) {
      const metric = sort.field.slice('attainment.'.length) as ObjectiveMetric;
      return rankedByAttainment(store, period, presentFilter(filter), { metric, direction: sort.direction }, page, now, currency);
    }
    const found = await store.find<Scorecard>(SCORECARDS, { filter: { period, ...presentFilter(filter) }, sort, limit: page.limit, cursor: page.cursor });
    return { items: (await measureAll(store, found.items, now)).map((s) => scorecardView(s, currency)), nextCursor: found.nextCursor };
  }
}

/** An attainment as a number to sort by: tenths of a percent (what the API shows), null without a target. */
const tenthsOf = (attainment: string | null): number | null => (attainment === null ? null : Number(attainment.replace('.', '')));

/** Nulls last whichever the direction; ties by partnerId ascending. */
function byAttainment(direction: 'asc' | 'desc') {
  return (a: { value: number | null; partnerId: string }, b: { value: number | null; partnerId: string }) => {
    if (a.value !== b.value) {
      if (a.value === null) return 1;
      if (b.value === null) return -1;
      return direction === 'asc' ? a.value - b.value : b.value - a.value;
    }
    return a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0;
  };
}

/** The cursor of a ranking by attainment: the sort it belongs to and the last item's place, opaque to clients. */
const CURSOR_TAG = 'attainment';
function encodeRankCursor(metric: string, direction: string, value: number | null, partnerId: string): string {
  return Buffer.from(JSON.stringify([CURSOR_TAG, metric, direction, value, partnerId])).toString('base64url');
}
function decodeRankCursor(cursor: string, metric: string, direction: string): { value: number | null; partnerId: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded)) throw new InvalidCursorError();
  const [tag, ofMetric, ofDirection, value, partnerId] = decoded as unknown[];
  const ok = decoded.length === 5 && tag === CURSOR_TAG && ofMetric === metric && ofDirection === direction && (value === null || Number.isSafeInteger(value)) && typeof partnerId === 'string';
  if (!ok) throw new InvalidCursorError();
  return { value: value as number | null, partnerId: partnerId as string };
}

/**
 * A period's scorecards ranked by a computed attainment: every scorecard matching the filters
 * is read (by the period's index, a page at a time), measured, sorted and cut into pages.
 */
async function rankedByAttainment(
  store: ReadStore, period: string, filter: Filter, sort: { metric: ObjectiveMetric; direction: 'asc' | 'desc' }, page: PageRequest, now: string, currency: string,
) {
  if (!OBJECTIVE_METRICS.includes(sort.metric)) throw new RangeError(`not a metric: ${sort.metric}`);
  const after = page.cursor === undefined ? undefined : decodeRankCursor(page.cursor, sort.metric, sort.direction);
  const ranked: { value: number | null; partnerId: string; measured: MeasuredScorecard }[] = [];
  for (const measured of await measuredPeriod(store, period, filter, now)) {
    ranked.push({ value: tenthsOf(measured.attainment[sort.metric]), partnerId: measured.scorecard.partnerId, measured });
  }
  const order = byAttainment(sort.direction);
  ranked.sort(order);
  const start = after === undefined ? 0 : ranked.findIndex((item) => order(item, after) > 0);
  const items = start < 0 ? [] : ranked.slice(start, start + page.limit);
  const last = items[items.length - 1];
  const more = start >= 0 && start + page.limit < ranked.length;
  return {
    items: items.map((item) => scorecardView(item.measured, currency)),
    nextCursor: more && last ? encodeRankCursor(sort.metric, sort.direction, last.value, last.partnerId) : null,
  };
}
