import { refuse } from './domain-error';

/** ISO-8601 date-time with an explicit offset: without one the meaning depends on the server's zone. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** True for a real moment written as ISO-8601 with Z or an offset (no 30 February). */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  // Plain arithmetic rather than Date objects: projections call this for every event replayed.
  const month = Number(match[2]);
  return (
    month >= 1 && month <= 12 &&
    Number(match[3]) >= 1 && Number(match[3]) <= daysIn(Number(match[1]), month) &&
    Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6] ?? 0) < 60 &&
    Number(match[7] ?? 0) <= 14 && Number(match[8] ?? 0) < 60
  );
}

export function assertInstant(value: string, field: string): string {
  if (!isInstant(value)) {
    throw refuse.invalid('INVALID_DATE', `${field} must be an ISO-8601 date-time with Z or an offset, e.g. "2026-03-14T09:30:00Z"`, { field });
  }
  return value;
}

/** Milliseconds since the epoch of a valid instant. */
export const instantMillis = (value: string) => Date.parse(assertInstant(value, 'date'));

const DAY_MS = 86_400_000;

/** The instant `days` days after a valid instant, in UTC (ISO-8601 with Z). */
export const addDays = (value: string, days: number) => new Date(instantMillis(value) + days * DAY_MS).toISOString();

/** Whether valid instant `a` is strictly before `b` (offsets compared as the moments they are). */
export const isBefore = (a: string, b: string) => instantMillis(a) < instantMillis(b);

/** The instant `months` calendar months after a valid instant, in UTC, the day clamped to the month's last (31 January + 1 month = 28/29 February). */
export function addMonths(value: string, months: number): string {
  const at = new Date(instantMillis(value));
  const [year, month] = [at.getUTCFullYear(), at.getUTCMonth() + months];
  const target = new Date(Date.UTC(year, month, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  target.setUTCDate(Math.min(at.getUTCDate(), daysIn(target.getUTCFullYear(), target.getUTCMonth() + 1)));
  return target.toISOString();
}
