import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { sumDecimals } from '../../decimal';
import { currentMonth, monthsEnding } from '../../format';
import { fresh } from '../../ui/freshness';

type Rollup = Schema<'ScorecardRollupResponse'>;
type RollupItem = Rollup['items'][number];

/** A month's program-wide figures: the roll-up's groups summed exactly. */
export interface MonthFigures {
  month: string;
  partners: number;
  netRevenue: string;
  revenueWon: string;
  revenueReversed: string;
  dealsWon: number;
  leadsRegistered: number;
  certificationsEarned: number;
  incentivesAwarded: number;
  incentivesValue: string;
}

export function monthFigures(month: string, items: RollupItem[]): MonthFigures {
  const total = (pick: (i: RollupItem) => number) => items.reduce((sum, i) => sum + pick(i), 0);
  return {
    month,
    partners: total((i) => i.partners),
    netRevenue: sumDecimals(items.map((i) => i.netRevenue)),
    revenueWon: sumDecimals(items.map((i) => i.revenueWon)),
    revenueReversed: sumDecimals(items.map((i) => i.revenueReversed)),
    dealsWon: total((i) => i.dealsWon),
    leadsRegistered: total((i) => i.leadsRegistered),
    certificationsEarned: total((i) => i.certificationsEarned),
    incentivesAwarded: total((i) => i.incentivesAwarded),
    incentivesValue: sumDecimals(items.map((i) => i.incentivesValue)),
  };
}

export const rollup = (period: string, groupBy: 'tier' | 'typology' | 'country', signal?: AbortSignal) =>
  answer(ledger.GET('/scorecards/rollup', { params: { query: { period, groupBy, ...fresh() } }, signal }));

/**
 * The month the overview ends with: the current month, or the last month anything was sold in
 * when that is earlier (a ledger holding last year's history opens on its last month, not on
 * an empty one). The margin drift's default window ends there.
 */
export async function latestMonth(signal?: AbortSignal): Promise<string> {
  const now = currentMonth();
  const drift = await answer(ledger.GET('/margins/drift', { params: { query: { months: 1, ...fresh() } }, signal }));
  const last = drift.months.at(-1)?.month;
  return last && last < now ? last : now;
}

/** One month's figures and its partners by tier: the first view, from a single roll-up. */
export interface MonthOverview {
  figures: MonthFigures;
  byTier: RollupItem[];
  currency: string;
}

export async function loadMonth(month: string, signal?: AbortSignal): Promise<MonthOverview> {
  const r = await rollup(month, 'tier', signal);
  return { figures: monthFigures(month, r.items), byTier: r.items, currency: r.items.find((i) => i.currency)?.currency ?? 'EUR' };
}

/** The `span` months ending with `last` (already read for the tiles), oldest first: one roll-up each for the others, in parallel. */
export async function loadMonths(last: MonthFigures, span: number, signal?: AbortSignal): Promise<MonthFigures[]> {
  const months = monthsEnding(last.month, span).slice(0, -1);
  const rollups = await Promise.all(months.map((m) => rollup(m, 'tier', signal)));
  return [...rollups.map((r, i) => monthFigures(months[i], r.items)), last];
}

/** Every partner's revenue attainment in a period, bucketed: how many are where against their target. */
export const ATTAINMENT_BUCKETS = ['no target', '0–25%', '25–50%', '50–75%', '75–100%', '100–150%', '≥ 150%'] as const;

export function bucketOf(attainment: string | null | undefined): (typeof ATTAINMENT_BUCKETS)[number] {
  if (attainment === null || attainment === undefined) return 'no target';
  const value = Number(attainment);
  if (value < 25) return '0–25%';
  if (value < 50) return '25–50%';
  if (value < 75) return '50–75%';
  if (value < 100) return '75–100%';
  if (value < 150) return '100–150%';
  return '≥ 150%';
}

export async function attainmentDistribution(period: string, signal?: AbortSignal): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(ATTAINMENT_BUCKETS.map((b) => [b, 0]));
  let cursor: string | undefined;
  do {
    const page = await answer(ledger.GET('/scorecards', { params: { query: { period, limit: 500, sort: 'partnerId', cursor, ...fresh() } }, signal }));
    for (const card of page.items) counts[bucketOf(card.attainment.revenueWon)]++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return counts;
}
