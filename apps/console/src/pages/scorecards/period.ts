import { monthLabel } from '../../format';

/** A scorecard's period as the API names it: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY). */
export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: PeriodKind[] = ['month', 'quarter', 'year'];

const PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export function isPeriod(text: string | null | undefined): text is string {
  return typeof text === 'string' && PATTERN.test(text);
}

export function kindOf(period: string): PeriodKind {
  const [, , month, quarter] = PATTERN.exec(period) ?? [];
  return month ? 'month' : quarter ? 'quarter' : 'year';
}

function partsOf(period: string): { year: number; firstMonth: number; lastMonth: number } {
  const [, year, month, quarter] = PATTERN.exec(period) ?? [];
  if (month) return { year: Number(year), firstMonth: Number(month), lastMonth: Number(month) };
  if (quarter) return { year: Number(year), firstMonth: Number(quarter) * 3 - 2, lastMonth: Number(quarter) * 3 };
  return { year: Number(year), firstMonth: 1, lastMonth: 12 };
}

const monthOf = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * The period of another kind that holds `period`, or for a month, the one it holds that is
 * nearest `latest` (the last month with data): a year turned into months opens on the latest
 * month in it, not on a December still to come.
 */
export function asKind(period: string, kind: PeriodKind, latest?: string): string {
  const { year, firstMonth, lastMonth } = partsOf(period);
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${Math.ceil(lastMonth / 3)}`;
  const last = monthOf(year, lastMonth);
  return latest && latest >= monthOf(year, firstMonth) && latest < last ? latest : last;
}

/** "2025-06" → "Jun 2025", "2025-Q2" → "Q2 2025", "2025" → "2025". */
export function periodLabel(period: string): string {
  const kind = kindOf(period);
  if (kind === 'month') return monthLabel(period);
  if (kind === 'quarter') return `${period.slice(5)} ${period.slice(0, 4)}`;
  return period;
}

export function yearOf(period: string): number {
  return partsOf(period).year;
}

export function quarterOf(period: string): number {
  return Math.ceil(partsOf(period).lastMonth / 3);
}
