import { LedgerEvent, OBJECTIVE_METRICS, periodsOf, Tier, Typology } from '@ledger/domain';
import { CollectionSpec } from '@ledger/read-store';
import { ActivityCounters, addCounters, emptyCounters, Increment, incrementOf } from '../read-models/activity-counters';
import { PartnerProfile } from '../partners';

/**
 * The `scorecards` read model: one document per partner and period its facts count in (the
 * month, quarter and year they happened in, UTC), id = `<partnerId>:<period>`.
 */
export const SCORECARDS = 'scorecards';

export interface Scorecard extends ActivityCounters {
  [field: string]: unknown;
  scorecardId: string;
  partnerId: string;
  period: string;
  typology: Typology;
  country: string;
  /** territory.region, absent when the partner has none. */
  region?: string;
  /** The partner's tier when this period's latest fact was recorded. */
  tier: Tier;
}

export const scorecardId = (partnerId: string, period: string) => `${partnerId}:${period}`;

/** A period without activity: zeros, with the partner's typology, country, region and tier. */
export const emptyScorecard = (partner: PartnerProfile, period: string): Scorecard => ({
  scorecardId: scorecardId(partner.partnerId, period),
  partnerId: partner.partnerId,
  period,
  ...partnerFields(partner),
  ...emptyCounters(),
});

/** What a scorecard copies from its partner, so that analysts filter and group a period without a join. */
const partnerFields = (partner: PartnerProfile) => ({
  typology: partner.typology,
  country: partner.country,
  ...(partner.territory.region !== undefined ? { region: partner.territory.region } : {}),
  tier: partner.tier,
});

export const SCORECARD_SORT_FIELDS = ['partnerId', 'leadsRegistered', 'dealsWon', 'revenueWon', 'netRevenue', 'revenueReversed', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue', 'engagements'] as const;
export type ScorecardSortField = (typeof SCORECARD_SORT_FIELDS)[number];
/** Sorts by a computed attainment (not stored: the targets may be set after the facts). */
export const ATTAINMENT_SORT_FIELDS = OBJECTIVE_METRICS.map((metric) => `attainment.${metric}` as const);
export type AttainmentSortField = (typeof ATTAINMENT_SORT_FIELDS)[number];

/** What a period's roll-up groups by: the partner's fields a scorecard copies. */
export const ROLLUP_GROUPS = ['typology', 'tier', 'country', 'region'] as const;
export type RollupGroup = (typeof ROLLUP_GROUPS)[number];

export const scorecardsCollection: CollectionSpec = {
  name: SCORECARDS,
  indexes: [
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'period', direction: 'asc' }] },
    ...['typology', 'country', 'region', 'tier', 'revenueWon', 'netRevenue', 'revenueReversed', 'dealsWon', 'leadsRegistered', 'certificationsEarned', 'incentivesAwarded', 'incentivesValue', 'engagements'].map(
      (field) => ({ fields: [{ field: 'period', direction: 'asc' as const }, { field, direction: 'asc' as const }] }),
    ),
  ],
};

/** An event with when it occurred (as recorded, any offset). */
export type Dated<E> = E & { occurredAt: string };

/**
 * Which events count in a period's scorecard, and for how much: what the event adds to its
 * partner's counters when it happened in that period (UTC), else null. The scorecard is
 * kept by it, and the evidence of each of its figures lists the events it counts.
 */
export function scorecardIncrement(event: Dated<LedgerEvent>, period: string): Increment | null {
  return periodsOf(event.occurredAt).includes(period) ? incrementOf(event) : null;
}

/**
 * A period's scorecard after an event that happened in it: counted when the event counts,
 * re-tiered when the tier changed, untouched (undefined) otherwise. It then carries the
 * partner as it stood once the event was recorded (`after`, its profile after the event): a
 * quarter shows the tier the partner had after the quarter's last fact recorded, late or not.
 */
export function evolveScorecard(current: Scorecard | undefined, event: Dated<LedgerEvent>, period: string, before: PartnerProfile, after: PartnerProfile): Scorecard | undefined {
  const increment = scorecardIncrement(event, period);
  if (!increment && event.type !== 'TierChanged') return undefined;
  const { region: _was, ...base } = current ?? emptyScorecard(before, period);
  const counted = increment ? addCounters(base, increment) : base;
  return { ...counted, ...partnerFields(after) };
}
