import { LedgerEvent, personIdentity, Tier, Typology } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';
import { ActivityCounters, addCounters, emptyCounters, incrementOf } from '../read-models/activity-counters';

/** The `partners` read model: one document per partner, id = partnerId. */
export const PARTNERS = 'partners';

export interface CertifiedEngineer {
  engineerId: string;
  engineerName?: string;
  expiresAt?: string;
}

/**
 * A partner's loyalty cards: counts, and the dates that matter now. A date is absent when
 * there is none (the view shows null): MongoDB then stores no field rather than a null.
 */
export interface PartnerSanctions {
  yellowCards: number;
  redCards: number;
  /** The end of the loyalty window of the yellow card held (under the rules it was issued by); absent when none is held (a red card spends it). */
  activeYellowUntil?: string;
  /** The end of the last red card's suspension (its lifting, when lifted early); absent when never red-carded. */
  suspendedUntil?: string;
}

export const noSanctions = (): PartnerSanctions => ({ yellowCards: 0, redCards: 0 });

export interface PartnerProfile {
  [field: string]: unknown;
  partnerId: string;
  name: string;
  typology: Typology;
  territory: { country: string; region?: string };
  /** Copied from territory so that it can be indexed and filtered flat. */
  country: string;
  tier: Tier;
  /** When the tier was set: the occurredAt of the TierChanged that set it, or the registration's. */
  tierSince: string;
  /** The program rules version whose criteria set the tier (a TierChanged's rulesVersion); absent since registration. */
  tierRulesVersion?: number;
  registeredAt: string;
  certifiedEngineers: Record<string, CertifiedEngineer[]>;
  counters: ActivityCounters;
  /** Absent from profiles built before loyalty cards (read as noSanctions()). */
  sanctions?: PartnerSanctions;
  /** The latest occurredAt (UTC) of a lead registered, a deal won, a certification earned or an engagement; the registration's until then. */
  lastActivityAt: string;
  lastActivityType: ActivityType;
  /** The earliest expiry (UTC) among the certifications held; absent when none expires. */
  nextCertificationExpiry?: string;
  /** True while the partner holds a tier and a certification that expires: its tier may fall (the candidates for tierAtRisk). */
  tierCanLapse: boolean;
}

/** What counts as a partner's activity: its registration, then the facts of these types. */
export const ACTIVITY_TYPES = ['PartnerRegistered', 'LeadRegistered', 'DealWon', 'CertificationEarned', 'EngagementRecorded'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
const isActivity = (type: string): type is ActivityType => (ACTIVITY_TYPES as readonly string[]).includes(type);

export const partnersCollection: CollectionSpec = {
  name: PARTNERS,
  indexes: [
    { fields: [{ field: 'typology', direction: 'asc' }] }, { fields: [{ field: 'country', direction: 'asc' }] }, { fields: [{ field: 'tier', direction: 'asc' }] },
    // Partners at risk: the quietest first.
    { fields: [{ field: 'lastActivityAt', direction: 'asc' }] },
    // Tiers at risk: the partners whose tier may lapse, the earliest expiry first.
    { fields: [{ field: 'tierCanLapse', direction: 'asc' }, { field: 'nextCertificationExpiry', direction: 'asc' }] },
  ],
  // Compared as instants by MongoDB, not as text.
  dates: ['lastActivityAt', 'nextCertificationExpiry'],
};

const utc = (at: string) => new Date(at).toISOString();

/** One engineer's certification on one product line, as the profile holds it. */
export interface HeldCertification {
  engineerId: string;
  engineerName?: string;
  productLine: string;
  expiresAt?: string;
}

/** Every certification the profile holds, one per engineer and line. */
export function heldCertifications(profile: Pick<PartnerProfile, 'certifiedEngineers'>): HeldCertification[] {
  return Object.entries(profile.certifiedEngineers).flatMap(([productLine, engineers]) =>
    engineers.map((e) => ({ engineerId: e.engineerId, ...(e.engineerName === undefined ? {} : { engineerName: e.engineerName }), productLine, ...(e.expiresAt === undefined ? {} : { expiresAt: e.expiresAt }) })),
  );
}

/** The earliest expiry among the certifications held, in UTC; undefined when none expires. */
function nextExpiryOf(profile: PartnerProfile): string | undefined {
  const expiries = heldCertifications(profile).flatMap((c) => (c.expiresAt === undefined ? [] : [Date.parse(c.expiresAt)]));
  return expiries.length === 0 ? undefined : new Date(Math.min(...expiries)).toISOString();
}

/** The facts that change which certifications are held, or the tier: the expiry watch is computed again after them only. */
const WATCHED: ReadonlySet<string> = new Set(['CertificationEarned', 'CertificationExpired', 'TierChanged']);

/** The fields derived from the rest after each event: the last activity (never moved back by a late fact) and the expiry watch. */
function withDerived(profile: PartnerProfile, event: LedgerEvent, occurredAt: string): PartnerProfile {
  const active = isActivity(event.type) && Date.parse(occurredAt) > Date.parse(profile.lastActivityAt ?? profile.registeredAt);
  const last = active ? { lastActivityAt: utc(occurredAt), lastActivityType: event.type as ActivityType } : {};
  if (!WATCHED.has(event.type)) return active ? { ...profile, ...last } : profile;
  const { nextCertificationExpiry: _before, ...rest } = profile;
  const nextCertificationExpiry = nextExpiryOf(profile);
  return {
    ...rest,
    ...last,
    ...(nextCertificationExpiry ? { nextCertificationExpiry } : {}),
    tierCanLapse: profile.tier !== 'none' && nextCertificationExpiry !== undefined,
  };
}

/**
 * A partner's profile after an event: created by its registration, then its tier, certified
 * engineers, all-time counters, loyalty cards and last activity. Undefined for facts about a partner never registered
 * (the write side refuses them, so they are not the ledger's).
 */
export function evolvePartnerProfile(profile: PartnerProfile | undefined, event: LedgerEvent, occurredAt: string): PartnerProfile | undefined {
  if (event.type === 'PartnerRegistered') {
    const { partnerId, name, typology, territory } = event.data;
    return {
      partnerId, name, typology, territory, country: territory.country, tier: 'none', tierSince: occurredAt, registeredAt: occurredAt, certifiedEngineers: {},
      counters: emptyCounters(), sanctions: noSanctions(), lastActivityAt: utc(occurredAt), lastActivityType: 'PartnerRegistered', tierCanLapse: false,
    };
  }
  if (!profile) return undefined;
  return withDerived(evolveKnown(profile, event, occurredAt), event, occurredAt);
}

/** What the event itself changes, before the derived fields. */
function evolveKnown(profile: PartnerProfile, event: LedgerEvent, occurredAt: string): PartnerProfile {
  const increment = incrementOf(event);
  const counted = increment ? { ...profile, counters: addCounters(profile.counters, increment) } : { ...profile };
  switch (event.type) {
    case 'CertificationEarned': {
      const { productLine, engineerId, engineerName, expiresAt } = event.data;
      // Ids are sealed, differently each time: compare whose they are.
      const others = (counted.certifiedEngineers[productLine] ?? []).filter((e) => personIdentity(e.engineerId) !== personIdentity(engineerId));
      const engineer = { engineerId, ...(engineerName ? { engineerName } : {}), ...(expiresAt ? { expiresAt } : {}) };
      return { ...counted, certifiedEngineers: { ...counted.certifiedEngineers, [productLine]: [...others, engineer] } };
    }
    case 'CertificationExpired': {
      const { productLine, engineerId, expiredAt } = event.data;
      const held = counted.certifiedEngineers[productLine] ?? [];
      let remaining = held.filter((e) => personIdentity(e.engineerId) !== personIdentity(engineerId));
      if (remaining.length === held.length) {
        // Certified before ids were sealed (in clear), expired since (sealed, or erased): not
        // the same identity, so the certification is found by what it was, its line and expiry.
        const recordedInClear = remaining.findIndex((e) => e.engineerId === personIdentity(e.engineerId) && e.expiresAt === expiredAt);
        if (recordedInClear >= 0) remaining = remaining.filter((_, n) => n !== recordedInClear);
      }
      return { ...counted, certifiedEngineers: { ...counted.certifiedEngineers, [productLine]: remaining } };
    }
    case 'TierChanged':
      // A TierChanged recorded before versions were (no rulesVersion) was decided by version 1.
      return { ...counted, tier: event.data.to, tierSince: occurredAt, tierRulesVersion: event.data.rulesVersion ?? 1 };
    case 'SanctionIssued': {
      const { activeYellowUntil: held, ...sanctions } = counted.sanctions ?? noSanctions();
      const { card, activeUntil, suspendedUntil } = event.data;
      if (card === 'red') {
        // The red card spends the yellow card it follows.
        return { ...counted, sanctions: { ...sanctions, redCards: sanctions.redCards + 1, ...(suspendedUntil ? { suspendedUntil } : {}) } };
      }
      // A yellow card recorded late, for an earlier offence, leaves the later one's window (instants in UTC: compared as text).
      const until = held !== undefined && (activeUntil === undefined || held > activeUntil) ? held : activeUntil;
      return { ...counted, sanctions: { ...sanctions, yellowCards: sanctions.yellowCards + 1, ...(until ? { activeYellowUntil: until } : {}) } };
    }
    case 'SuspensionLifted':
      return { ...counted, sanctions: { ...(counted.sanctions ?? noSanctions()), suspendedUntil: event.data.liftedAt } };
    default:
      return counted;
  }
}
