import { ProgramRules, Tier, tierFor, TIERS } from '@ledger/domain';
import { heldCertifications, PartnerProfile } from './partner-profile';

/** How far after asOf tierAtRisk looks for certifications whose expiry would lower a tier. */
export const TIER_RISK_HORIZON_DAYS = 60;
export const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both instants), rounded down. */
export const wholeDaysBetween = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** A quiet partner: nothing counted as activity for at least `days` whole days before asOf. */
export interface QuietPartner {
  partnerId: string;
  name: string;
  typology: PartnerProfile['typology'];
  country: string;
  tier: Tier;
  lastActivityType: PartnerProfile['lastActivityType'];
  lastActivityAt: string;
  daysSinceLastActivity: number;
}

/**
 * The partner as listed at risk at `asOf`, or undefined when it was active within the last
 * `days` days (a last activity after asOf included: the read model knows the latest only).
 */
export function quietPartner(profile: PartnerProfile, asOf: string, days: number): QuietPartner | undefined {
  const lastActivityAt = profile.lastActivityAt;
  const daysSinceLastActivity = wholeDaysBetween(lastActivityAt, asOf);
  if (daysSinceLastActivity < days) return undefined;
  const { partnerId, name, typology, country, tier, lastActivityType } = profile;
  return { partnerId, name, typology, country, tier, lastActivityType, lastActivityAt, daysSinceLastActivity };
}

/** A tier that would fall when certifications expire: when, to what, and which (lines and dates only: nobody is named). */
export interface TierFall {
  partnerId: string;
  name: string;
  tier: Tier;
  wouldBecome: Tier;
  at: string;
  expiring: { productLine: string; expiresAt: string }[];
}

const rank = (tier: Tier) => TIERS.indexOf(tier);
const utc = (at: number) => new Date(at).toISOString();

/**
 * When the partner's tier would fall, none renewed, if that is no later than the horizon:
 * the first expiry after which the tier the rules give to the certifications still valid is
 * below the tier recorded. `at` is before asOf when a certification has lapsed and no command
 * has expired it yet (the tier falls when one does). Judged by the rules in force at asOf, as
 * GET /partners/:partnerId/tier judges what expires.
 */
export function tierFall(profile: PartnerProfile, asOf: string, rules: ProgramRules): TierFall | undefined {
  if (profile.tier === 'none') return undefined;
  const horizon = Date.parse(asOf) + TIER_RISK_HORIZON_DAYS * DAY_MS;
  const held = heldCertifications(profile).map((c) => ({ ...c, expiry: c.expiresAt === undefined ? undefined : Date.parse(c.expiresAt) }));
  const expiries = [...new Set(held.flatMap((c) => (c.expiry !== undefined && c.expiry <= horizon ? [c.expiry] : [])))].sort((a, b) => a - b);
  for (const at of expiries) {
    const wouldBecome = tierFor(held.filter((c) => c.expiry === undefined || c.expiry > at), rules);
    if (rank(wouldBecome) >= rank(profile.tier)) continue;
    const expiring = held
      .filter((c) => c.expiry !== undefined && c.expiry <= at)
      .map((c) => ({ productLine: c.productLine, expiresAt: utc(c.expiry!) }))
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.productLine.localeCompare(b.productLine));
    return { partnerId: profile.partnerId, name: profile.name, tier: profile.tier, wouldBecome, at: utc(at), expiring };
  }
  return undefined;
}
