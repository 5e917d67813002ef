import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { fresh } from '../../ui/freshness';
import { GROUPS, GroupBy, listQuery, ScorecardsView } from './scorecards-view';

export type Scorecard = Schema<'ScorecardPageResponse'>['items'][number];
export type RollupGroup = Schema<'ScorecardRollupResponse'>['items'][number];
export type Metric = keyof Scorecard['attainment'];
export const METRICS: { metric: Metric; label: string }[] = [
  { metric: 'revenueWon', label: 'Revenue won' },
  { metric: 'dealsWon', label: 'Deals won' },
  { metric: 'leadsRegistered', label: 'Leads registered' },
  { metric: 'certifiedEngineers', label: 'Certified engineers' },
];

/** One page of the view's table, as the API ranks it. */
export const scorecardPage = (view: ScorecardsView, period: string, signal?: AbortSignal) =>
  answer(ledger.GET('/scorecards', { params: { query: { ...listQuery(view, period), limit: view.limit, cursor: view.cursor, ...fresh() } }, signal }));

const rollup = (period: string, groupBy: GroupBy, signal?: AbortSignal) =>
  answer(ledger.GET('/scorecards/rollup', { params: { query: { period, groupBy, ...fresh() } }, signal }));

/** The period's roll-up by every grouping: the panel shows one, the country and region filters offer the others' keys. */
export async function allRollups(period: string, signal?: AbortSignal): Promise<Record<GroupBy, RollupGroup[]>> {
  const answers = await Promise.all(GROUPS.map((by) => rollup(period, by, signal)));
  return Object.fromEntries(GROUPS.map((by, i) => [by, answers[i].items])) as Record<GroupBy, RollupGroup[]>;
}

/** A roll-up group's key: its typology, tier, country or region (null: the partners without a region). */
export const groupKey = (group: RollupGroup, groupBy: GroupBy): string | null => group[groupBy] ?? null;

/**
 * Every scorecard of the view's filter, in its order: the pages the API gives, one after the
 * other, at the view's page size (the ledger's pages, not one huge answer), telling `onPage`
 * how many have been read so far.
 */
export async function everyScorecard(view: ScorecardsView, period: string, onPage: (read: number) => void, signal?: AbortSignal): Promise<Scorecard[]> {
  const all: Scorecard[] = [];
  let cursor: string | undefined;
  do {
    const page = await scorecardPage({ ...view, cursor }, period, signal);
    all.push(...page.items);
    onPage(all.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * How many scorecards the view holds, when a roll-up tells it. Only a ranking by attainment
 * lists every partner registered by the period's end, as the roll-up counts them (a ranking by
 * a counter lists the partners that recorded something); and only one filter at most maps to
 * a roll-up group. Otherwise the export shows how many it has read, without a total.
 */
export function expectedCount(view: ScorecardsView, rollups: Partial<Record<GroupBy, RollupGroup[]>>): number | undefined {
  if (!rankedByAttainment(view)) return undefined;
  const filters = (['typology', 'tier', 'country', 'region'] as const).filter((f) => view[f] !== undefined);
  if (filters.length > 1) return undefined;
  const by = filters[0] ?? 'typology';
  const groups = rollups[by];
  if (!groups) return undefined;
  const counted = filters.length === 0 ? groups : groups.filter((g) => groupKey(g, by) === view[by]);
  return counted.reduce((sum, g) => sum + g.partners, 0);
}

export const rankedByAttainment = (view: ScorecardsView) => view.sort.replace(/^-/, '').startsWith('attainment.');
