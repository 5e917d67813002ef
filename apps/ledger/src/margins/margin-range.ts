import { nextMonth, PERIOD_PATTERN, periodOf } from '@ledger/domain';

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

/** A month as a count of months since year 0, and back (`YYYY-MM`; the month after 9999-12 is 10000-01). */
export const monthIndex = (month: string) => Number(month.slice(0, -3)) * 12 + Number(month.slice(-2)) - 1;
const monthAt = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

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

/** Months compared as months (as text, 10000-01 would sort before 9999-12). */
export const inRange = (range: MonthRange, month: string) =>
  (!range.first || monthIndex(month) >= monthIndex(range.first)) && (!range.end || monthIndex(month) < monthIndex(range.end));

/** Every month from `first` up to `end` excluded, in order (none when `end` is not after `first`). */
export function monthsBetween(first: string, end: string): string[] {
  const months: string[] = [];
  for (let index = monthIndex(first); index < monthIndex(end); index++) months.push(monthAt(index));
  return months;
}

/** The `count` months before `end` (excluded), oldest first, none before year 0. */
export function monthsBefore(end: string, count: number): string[] {
  const last = monthIndex(end);
  return monthsBetween(monthAt(Math.max(0, last - count)), end);
}
