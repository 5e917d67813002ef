/**
 * What the partner page derives from the API's answers (pure: no fetch, no clock of its own;
 * `now` is passed in): certifications about to lapse, where a partner stands with its loyalty
 * cards, and a lead's protection.
 */

const DAY_MS = 86_400_000;

export interface HeldCertification {
  productLine: string;
  engineerId: string;
  engineerName?: string;
  expiresAt: string;
}

type CertifiedEngineers = Record<string, { engineerId: string; engineerName?: string; expiresAt?: string }[]>;

/**
 * The certifications whose expiry falls in [now, now + days), soonest first, from the partner's
 * certified engineers per product line (a certification without an expiry never lapses).
 */
export function expiringWithin(engineers: CertifiedEngineers, now: Date, days: number): HeldCertification[] {
  const from = now.getTime();
  const until = from + days * DAY_MS;
  const held: HeldCertification[] = [];
  for (const [productLine, holders] of Object.entries(engineers)) {
    for (const { engineerId, engineerName, expiresAt } of holders) {
      if (expiresAt === undefined) continue;
      const at = Date.parse(expiresAt);
      if (at >= from && at < until) held.push({ productLine, engineerId, engineerName, expiresAt });
    }
  }
  return held.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || a.productLine.localeCompare(b.productLine) || a.engineerId.localeCompare(b.engineerId));
}

export interface Sanctions {
  yellowCards: number;
  redCards: number;
  activeYellowUntil: string | null;
  suspendedUntil: string | null;
}

export type SanctionStanding =
  | { kind: 'clear' }
  | { kind: 'suspended'; until: string }
  | { kind: 'warned'; until: string }
  | { kind: 'served'; suspendedUntil: string | null };

/**
 * Where the partner stands now: suspended from registering leads (a red card whose suspension
 * has not run out), warned (a yellow card whose loyalty window is open), past sanctions only, or clear.
 */
export function standing(sanctions: Sanctions, now: Date): SanctionStanding {
  const { suspendedUntil, activeYellowUntil } = sanctions;
  if (suspendedUntil !== null && Date.parse(suspendedUntil) > now.getTime()) return { kind: 'suspended', until: suspendedUntil };
  if (activeYellowUntil !== null && Date.parse(activeYellowUntil) > now.getTime()) return { kind: 'warned', until: activeYellowUntil };
  if (sanctions.yellowCards + sanctions.redCards > 0) return { kind: 'served', suspendedUntil };
  return { kind: 'clear' };
}

/** Whole days from now to an instant, rounded towards now (negative once it has passed). */
export function daysUntil(instant: string, now: Date): number {
  const days = (Date.parse(instant) - now.getTime()) / DAY_MS;
  return days < 0 ? Math.ceil(days) : Math.floor(days);
}

/** An open lead's protection: running (so many days left) or run out (due for expiry). Closed leads have none. */
export function protection(lead: { status: string; protectedUntil: string }, now: Date): { running: boolean; days: number } | null {
  if (lead.status !== 'open') return null;
  const days = daysUntil(lead.protectedUntil, now);
  return { running: Date.parse(lead.protectedUntil) > now.getTime(), days };
}
