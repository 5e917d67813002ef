import { assertInstant } from './instant';

/** A business period is a calendar month, `YYYY-MM`, taken from when a fact happened, in UTC. */
export type Period = string;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodOf(occurredAt: string): Period {
  assertInstant(occurredAt, 'occurredAt');
  if (occurredAt.endsWith('Z')) return occurredAt.slice(0, 7); // already UTC: no date arithmetic
  const at = new Date(occurredAt);
  return `${at.getUTCFullYear().toString().padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Scorecards and objectives also run over quarters (`YYYY-Qn`) and years (`YYYY`): a fact
 * counts in its month, that month's quarter and its year.
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
export const YEAR_PATTERN = /^\d{4}$/;
/** A month, a quarter or a year. */
export const ANY_PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

export function periodKind(period: Period): PeriodKind {
  if (PERIOD_PATTERN.test(period)) return 'month';
  if (QUARTER_PATTERN.test(period)) return 'quarter';
  if (YEAR_PATTERN.test(period)) return 'year';
  throw new Error(`"${period}" is not a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)`);
}

/** The quarter a month belongs to. */
export const quarterOf = (month: Period): Period => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;

/** The month, quarter and year a fact counts in (UTC), in that order. */
export function periodsOf(occurredAt: string): [Period, Period, Period] {
  const month = periodOf(occurredAt);
  return [month, quarterOf(month), month.slice(0, 4)];
}

/** The months a period spans, in order. */
export function monthsOf(period: Period): Period[] {
  const year = period.slice(0, 4);
  const kind = periodKind(period);
  if (kind === 'month') return [period];
  const first = kind === 'quarter' ? (Number(period.slice(6)) - 1) * 3 + 1 : 1;
  const count = kind === 'quarter' ? 3 : 12;
  return Array.from({ length: count }, (_, n) => `${year}-${String(first + n).padStart(2, '0')}`);
}

/** A period's first instant and the first instant after it (exclusive), in UTC. */
export function periodBounds(period: Period): { from: string; to: string } {
  const months = monthsOf(period);
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const [y, m] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${last.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${first}-01T00:00:00.000Z`, to: `${next}-01T00:00:00.000Z` };
}

/** The month after a month (`YYYY-MM`, UTC): December's is January of the next year. */
export function nextMonth(month: Period): Period {
  const [year, m] = [Number(month.slice(0, -3)), Number(month.slice(-2))];
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, -3)}-${String(m + 1).padStart(2, '0')}`;
}
