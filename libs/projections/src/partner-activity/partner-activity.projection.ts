import { addMinor, LedgerEvent, periodOf } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, DocumentView, Projection } from '../projection';
import { ActivityCounters, emptyCounters, PARTNERS, PartnerProfile, SCORECARDS, Scorecard } from './read-models';

type Increment = Partial<ActivityCounters>;

const partnerIdOf = (event: RecordedEvent) => event.data['partnerId'] as string | undefined;
const scorecardId = (partnerId: string, period: string) => `${partnerId}:${period}`;

/** A copy of `counters` (a profile's, or a whole scorecard) with the increment added. */
function add<T extends ActivityCounters>(counters: T, increment: Increment): T {
  const next = { ...counters };
  // for…in rather than Object.entries: no arrays built for every event replayed.
  for (const field in increment) {
    const key = field as keyof ActivityCounters;
    next[key] = addMinor(next[key], increment[key]!) as T[keyof ActivityCounters];
  }
  return next;
}

/** What an event adds to a partner's counters, in its month. */
function incrementOf(event: LedgerEvent): Increment | null {
  switch (event.type) {
    case 'LeadRegistered':
      return { leadsRegistered: 1 };
    case 'DealWon':
      return { dealsWon: 1, revenueWon: event.data.amount.minor };
    case 'CertificationEarned':
      return { certificationsEarned: 1 };
    case 'IncentiveAwarded':
      return { incentivesAwarded: 1, incentivesValue: event.data.value.minor };
    default:
      return null;
  }
}

function evolveProfile(profile: PartnerProfile, event: LedgerEvent): PartnerProfile {
  switch (event.type) {
    case 'CertificationEarned': {
      const { productLine, engineerId, engineerName, expiresAt } = event.data;
      const others = (profile.certifiedEngineers[productLine] ?? []).filter((e) => e.engineerId !== engineerId);
      const engineer = { engineerId, ...(engineerName ? { engineerName } : {}), ...(expiresAt ? { expiresAt } : {}) };
      return { ...profile, certifiedEngineers: { ...profile.certifiedEngineers, [productLine]: [...others, engineer] } };
    }
    case 'CertificationExpired': {
      const { productLine, engineerId } = event.data;
      const remaining = (profile.certifiedEngineers[productLine] ?? []).filter((e) => e.engineerId !== engineerId);
      return { ...profile, certifiedEngineers: { ...profile.certifiedEngineers, [productLine]: remaining } };
    }
    case 'TierChanged':
      return { ...profile, tier: event.data.to };
    default:
      return profile;
  }
}

/**
 * Partner profiles (tier, certified engineers, all-time counters) and monthly scorecards.
 * A scorecard carries its partner's typology, country and tier so that analysts filter a
 * month without a join; the month is the one the fact happened in (UTC), late or not.
 * Amounts are minor units of the ledger's one currency (the write side refuses others).
 */
export const partnerActivityProjection: Projection = {
  name: 'partner-activity',
  collections: [
    { name: PARTNERS, indexes: [{ fields: [{ field: 'typology', direction: 'asc' }] }, { fields: [{ field: 'country', direction: 'asc' }] }, { fields: [{ field: 'tier', direction: 'asc' }] }] },
    {
      name: SCORECARDS,
      indexes: [
        { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'period', direction: 'asc' }] },
        ...['typology', 'country', 'tier', 'revenueWon', 'dealsWon', 'leadsRegistered', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue'].map(
          (field) => ({ fields: [{ field: 'period', direction: 'asc' as const }, { field, direction: 'asc' as const }] }),
        ),
      ],
    },
  ],

  refs(event): DocumentRef[] {
    const partnerId = partnerIdOf(event);
    if (!partnerId) return [];
    return [
      { collection: PARTNERS, id: partnerId },
      { collection: SCORECARDS, id: scorecardId(partnerId, periodOf(event.occurredAt)) },
    ];
  },

  apply(recorded, view: DocumentView): DocumentChange[] {
    const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
    const partnerId = partnerIdOf(recorded);
    if (!partnerId) return [];

    if (event.type === 'PartnerRegistered') {
      const { name, typology, territory } = event.data;
      const profile: PartnerProfile = {
        partnerId, name, typology, territory, country: territory.country, tier: 'none', registeredAt: recorded.occurredAt,
        certifiedEngineers: {}, counters: emptyCounters(),
      };
      return [{ collection: PARTNERS, id: partnerId, doc: profile }];
    }

    const profile = view.get<PartnerProfile>(PARTNERS, partnerId);
    if (!profile) return []; // facts about a partner never registered are not the ledger's (the write side refuses them)

    const increment = incrementOf(event);
    const updated = evolveProfile({ ...profile, counters: increment ? add(profile.counters, increment) : profile.counters }, event);
    const changes: DocumentChange[] = [{ collection: PARTNERS, id: partnerId, doc: updated }];

    if (increment || event.type === 'TierChanged') {
      const period = periodOf(recorded.occurredAt);
      const id = scorecardId(partnerId, period);
      const current = view.get<Scorecard>(SCORECARDS, id) ?? {
        scorecardId: id, partnerId, period, typology: profile.typology, country: profile.country, tier: profile.tier, ...emptyCounters(),
      };
      const scorecard = increment ? add(current, increment) : { ...current };
      scorecard.tier = updated.tier; // a fresh copy: changing it changes nothing held elsewhere
      changes.push({ collection: SCORECARDS, id, doc: scorecard });
    }
    return changes;
  },
};
