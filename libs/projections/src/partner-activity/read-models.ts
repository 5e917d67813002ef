import { Tier, Typology } from '@ledger/domain';

/** Money in read models is integer minor units; the API formats it as decimal strings. */
export interface ActivityCounters {
  leadsRegistered: number;
  dealsWon: number;
  revenueWon: number;
  certificationsEarned: number;
  incentivesAwarded: number;
  incentivesValue: number;
}

export interface CertifiedEngineer {
  engineerId: string;
  engineerName?: string;
  expiresAt?: string;
}

export interface PartnerProfile {
  [field: string]: unknown;
  partnerId: string;
  name: string;
  typology: Typology;
  territory: { country: string; region?: string };
  /** Copied from territory so that it can be indexed and filtered flat. */
  country: string;
  tier: Tier;
  registeredAt: string;
  certifiedEngineers: Record<string, CertifiedEngineer[]>;
  counters: ActivityCounters;
}

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

export const emptyCounters = (): ActivityCounters => ({
  leadsRegistered: 0,
  dealsWon: 0,
  revenueWon: 0,
  certificationsEarned: 0,
  incentivesAwarded: 0,
  incentivesValue: 0,
});

export const SCORECARD_SORT_FIELDS = ['partnerId', ...(Object.keys(emptyCounters()) as (keyof ActivityCounters)[])] as const;
export type ScorecardSortField = (typeof SCORECARD_SORT_FIELDS)[number];

export const PARTNERS = 'partners';
export const SCORECARDS = 'scorecards';
