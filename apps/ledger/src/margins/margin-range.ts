import { PERIOD_PATTERN, periodOf } from '@ledger/domain';

/**
 * The months a range covers. The observatory keeps months (UTC), so `from` and `to` select
 * whole months: those that overlap [from, to). A month `YYYY-MM` stands for its first
 * instant; an instant inside a month takes that month in (as `from`, the month it falls in;
 * as `to`, the month it falls in unless it is that month's very first instant). `to` is
 * exclusive as everywhere in the API: `from=2026-01&to=2026-04` is January to March.
 */
export interface MonthRange {
  /** The first month counted (absent: from the first sale). */
  first?: string;
  /** The first month not counted (absent: up to the last sale). */
  end?: string;
}

export const nextMonth = (month: string): string => {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
};

export const previousMonth = (month: string): string => {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${String(year - 1).padStart(4, '0')}-12` : `${month.slice(0, 4)}-${String(m - 1).padStart(2, '0')}`;
};

const isMonthStart = (instant: string) => new Date(instant).toISOString().slice(7) === '-01T00:00:00.000Z';

/** The first month counted from `from`: its month. */
export const firstMonthOf = (from: string): string => (PERIOD_PATTERN.test(from) ? from : periodOf(from));

/** The first month not counted before `to` (exclusive): its month when it is that month's start, else the next. */
export function endMonthOf(to: string): string {
  if (PERIOD_PATTERN.test(to)) return to;
  const month = periodOf(to);
  return isMonthStart(to) ? month : nextMonth(month);
}

export function monthRange(from?: string, to?: string): MonthRange {
  return { ...(from ? { first: firstMonthOf(from) } : {}), ...(to ? { end: endMonthOf(to) } : {}) };
}

export const inRange = (range: MonthRange, month: string) => (!range.first || month >= range.first) && (!range.end || month < range.end);

/** Every month from `first` up to `end` excluded, in order (none when `end` is not after `first`). */
export function monthsBetween(first: string, end: string): string[] {
  const months: string[] = [];
  // Four-digit years only: past 9999-12 the text would no longer sort as months do.
  for (let month = first; month < end && month.length === 7; month = nextMonth(month)) months.push(month);
  return months;
}

/** The `count` months before `end` (excluded), oldest first. */
export function monthsBefore(end: string, count: number): string[] {
  const months: string[] = [];
  for (let month = previousMonth(end); months.length < count && PERIOD_PATTERN.test(month); month = previousMonth(month)) months.unshift(month);
  return months;
}
