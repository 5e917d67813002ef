import { refuse } from './domain-error';

/** ISO-8601 date-time with an explicit offset: without one the meaning depends on the server's zone. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True for a real moment written as ISO-8601 with Z or an offset (no 30 February). */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = match.slice(1).map((part) => part ?? undefined) as string[];
  const y = Number(year), m = Number(month), d = Number(day);
  const calendar = new Date(0);
  calendar.setUTCFullYear(y, m - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  const realDay = calendar.getUTCFullYear() === y && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === d;
  return realDay && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60 && Number(offsetHours) <= 14 && Number(offsetMinutes) < 60;
}

export function assertInstant(value: string, field: string): string {
  if (!isInstant(value)) {
    throw refuse.invalid('INVALID_DATE', `${field} must be an ISO-8601 date-time with Z or an offset, e.g. "2026-03-14T09:30:00Z"`, { field });
  }
  return value;
}

/** Milliseconds since the epoch of a valid instant. */
export const instantMillis = (value: string) => Date.parse(assertInstant(value, 'date'));
