import { LedgerEvent, Tier, Typology } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';
import { ActivityCounters, addCounters, emptyCounters, incrementOf } from '../read-models/activity-counters';
import { PartnerProfile } from '../partners';

/** The `scorecards` read model: one document per partner and month, id = `<partnerId>:<YYYY-MM>`. */
export const SCORECARDS = 'scorecards';

export interface Scorecard extends ActivityCounters {
  [field: string]: unknown;
  scorecardId: string;
  partnerId: string;
  period: string;
  typology: Typology;
  country: string;
  /** The partner's tier when this month's latest fact was recorded. */
  tier: Tier;
}

export const scorecardId = (partnerId: string, period: string) => `${partnerId}:${period}`;

/** A month without activity: zeros, with the partner's typology, country and tier. */
export const emptyScorecard = (partner: PartnerProfile, period: string): Scorecard => ({
  scorecardId: scorecardId(partner.partnerId, period),
  partnerId: partner.partnerId,
  period,
  typology: partner.typology,
  country: partner.country,
  tier: partner.tier,
  ...emptyCounters(),
});

export const SCORECARD_SORT_FIELDS = ['partnerId', 'leadsRegistered', 'dealsWon', 'revenueWon', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue', 'engagements'] as const;
export type ScorecardSortField = (typeof SCORECARD_SORT_FIELDS)[number];

export const scorecardsCollection: CollectionSpec = {
  name: SCORECARDS,
  indexes: [
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'period', direction: 'asc' }] },
    ...['typology', 'country', 'tier', 'revenueWon', 'dealsWon', 'leadsRegistered', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue', 'engagements'].map(
      (field) => ({ fields: [{ field: 'period', direction: 'asc' as const }, { field, direction: 'asc' as const }] }),
    ),
  ],
};

/**
 * A month's scorecard after an event: counted when the event counts, re-tiered when the tier
 * changed, untouched (undefined) otherwise. `before` is the partner's profile before the
 * event (a new scorecard takes its typology, country and tier), `after` the profile after it.
 */
export function evolveScorecard(current: Scorecard | undefined, event: LedgerEvent, period: string, before: PartnerProfile, after: PartnerProfile): Scorecard | undefined {
  const increment = incrementOf(event);
  if (!increment && event.type !== 'TierChanged') return undefined;
  const base = current ?? emptyScorecard(before, period);
  const scorecard = increment ? addCounters(base, increment) : { ...base };
  scorecard.tier = after.tier; // a fresh copy: changing it changes nothing held elsewhere
  return scorecard;
}
