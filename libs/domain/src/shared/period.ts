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
