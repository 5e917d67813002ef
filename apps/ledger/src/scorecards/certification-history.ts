import { LedgerEvent, periodBounds, personIdentity } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';

/**
 * The `certification_histories` read model: one document per partner, id = partnerId, with
 * every certification its engineers earned and when each stopped being valid, so that a
 * scorecard counts the engineers certified at the end of any period, past or current.
 */
export const CERTIFICATION_HISTORY = 'certification_histories';

export interface CertificationRecord {
  /** As recorded: sealed personal data (compared by personIdentity). */
  engineerId: string;
  productLine: string;
  /** Instants in UTC. */
  earnedAt: string;
  expiresAt?: string;
  /** When it stopped being held before (or at) its expiry: expired as recorded, or replaced by a later certification of the same engineer on the same line. */
  endedAt?: string;
}

export interface CertificationHistory {
  [field: string]: unknown;
  partnerId: string;
  certifications: CertificationRecord[];
}

export const certificationHistoryCollection: CollectionSpec = { name: CERTIFICATION_HISTORY, indexes: [] };

const utc = (at: string) => new Date(at).toISOString();
const sameSeat = (record: CertificationRecord, engineerId: string, productLine: string) =>
  record.productLine === productLine && personIdentity(record.engineerId) === personIdentity(engineerId);

/** The history after an event: changed by certifications earned and expired, untouched (undefined) otherwise. */
export function evolveCertificationHistory(current: CertificationHistory | undefined, event: LedgerEvent, occurredAt: string): CertificationHistory | undefined {
  if (event.type !== 'CertificationEarned' && event.type !== 'CertificationExpired') return undefined;
  const history = current ?? { partnerId: event.data.partnerId, certifications: [] };
  const { engineerId, productLine } = event.data;
  if (event.type === 'CertificationEarned') {
    const earnedAt = utc(occurredAt);
    // Earning again replaces the certification held on that line (as the partner's stream does).
    const certifications = history.certifications.map((c) => (c.endedAt === undefined && sameSeat(c, engineerId, productLine) && c.earnedAt <= earnedAt ? { ...c, endedAt: earnedAt } : c));
    const { expiresAt } = event.data;
    return { ...history, certifications: [...certifications, { engineerId, productLine, earnedAt, ...(expiresAt ? { expiresAt: utc(expiresAt) } : {}) }] };
  }
  const endedAt = utc(event.data.expiredAt);
  let index = history.certifications.findIndex((c) => c.endedAt === undefined && sameSeat(c, engineerId, productLine));
  if (index < 0) {
    // Certified before ids were sealed (in clear), expired since: found by what it was, its line and expiry.
    index = history.certifications.findIndex((c) => c.endedAt === undefined && c.productLine === productLine && c.engineerId === personIdentity(c.engineerId) && c.expiresAt === endedAt);
  }
  if (index < 0) return history;
  return { ...history, certifications: history.certifications.map((c, n) => (n === index ? { ...c, endedAt } : c)) };
}

/**
 * The certifications that make the engineers certified at the end of `period`, or at `now`
 * when the period has not ended (a certification is held from when it was earned until its
 * expiry or its end, whichever comes first): one per distinct engineer, the first recorded.
 */
export function certificationsHeldAt(history: CertificationHistory | undefined, period: string, now: string): CertificationRecord[] {
  if (!history) return [];
  const lastInstant = Date.parse(periodBounds(period).to) - 1;
  const at = Math.min(lastInstant, Date.parse(now));
  const byEngineer = new Map<string, CertificationRecord>();
  for (const c of history.certifications) {
    const end = Math.min(c.expiresAt ? Date.parse(c.expiresAt) : Infinity, c.endedAt ? Date.parse(c.endedAt) : Infinity);
    const engineer = personIdentity(c.engineerId);
    if (Date.parse(c.earnedAt) <= at && at < end && !byEngineer.has(engineer)) byEngineer.set(engineer, c);
  }
  return [...byEngineer.values()];
}

/** How many distinct engineers hold a valid certification at the end of `period`, or at `now` while it runs. */
export const certifiedEngineersAt = (history: CertificationHistory | undefined, period: string, now: string): number => certificationsHeldAt(history, period, now).length;
