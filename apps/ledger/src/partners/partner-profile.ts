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
}

export const partnersCollection: CollectionSpec = {
  name: PARTNERS,
  indexes: [{ fields: [{ field: 'typology', direction: 'asc' }] }, { fields: [{ field: 'country', direction: 'asc' }] }, { fields: [{ field: 'tier', direction: 'asc' }] }],
};

/**
 * A partner's profile after an event: created by its registration, then its tier, certified
 * engineers, all-time counters and loyalty cards. Undefined for facts about a partner never registered
 * (the write side refuses them, so they are not the ledger's).
 */
export function evolvePartnerProfile(profile: PartnerProfile | undefined, event: LedgerEvent, occurredAt: string): PartnerProfile | undefined {
  if (event.type === 'PartnerRegistered') {
    const { partnerId, name, typology, territory } = event.data;
    return { partnerId, name, typology, territory, country: territory.country, tier: 'none', tierSince: occurredAt, registeredAt: occurredAt, certifiedEngineers: {}, counters: emptyCounters(), sanctions: noSanctions() };
  }
  if (!profile) return undefined;
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
