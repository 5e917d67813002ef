import { z } from 'zod';
import { activityMetricsOf, addMinor, formatAmount, INCENTIVE_ROLES, IncentiveRole, LedgerEvent } from '@ledger/domain';

/**
 * What a partner did, counted: kept all-time on its profile and per month on its
 * scorecards. Money is integer minor units inside; the API shows decimal strings.
 */
export interface ActivityCounters {
  leadsRegistered: number;
  dealsWon: number;
  /** What the deals won were worth when won: a later reversal never changes it. */
  revenueWon: number;
  /** What reversals took back, counted where they occurred (a deal won in March, refunded in April: April's). */
  revenueReversed: number;
  /** revenueWon − revenueReversed: below zero in a period with more reversed than won. Kept, to sort by. */
  netRevenue: number;
  /** Deals reversed in full: counted by the reversal that took back the last of the deal. */
  dealsReversed: number;
  certificationsEarned: number;
  incentivesAwarded: number;
  incentivesValue: number;
  /** Incentives by the recipient's role: how many, and their value in minor units. */
  incentivesSales: number;
  incentivesSalesValue: number;
  incentivesPresales: number;
  incentivesPresalesValue: number;
  incentivesTechnical: number;
  incentivesTechnicalValue: number;
  engagements: number;
  /** Engagements rated, and the sum of their ratings in tenths (ratings have one decimal at most): exact averages. */
  satisfactionRatings: number;
  satisfactionTenths: number;
}

export type Increment = Partial<ActivityCounters>;

export const emptyCounters = (): ActivityCounters => ({
  leadsRegistered: 0,
  dealsWon: 0,
  revenueWon: 0,
  revenueReversed: 0,
  netRevenue: 0,
  dealsReversed: 0,
  certificationsEarned: 0,
  incentivesAwarded: 0,
  incentivesValue: 0,
  incentivesSales: 0,
  incentivesSalesValue: 0,
  incentivesPresales: 0,
  incentivesPresalesValue: 0,
  incentivesTechnical: 0,
  incentivesTechnicalValue: 0,
  engagements: 0,
  satisfactionRatings: 0,
  satisfactionTenths: 0,
});

const BY_ROLE = {
  sales: ['incentivesSales', 'incentivesSalesValue'],
  presales: ['incentivesPresales', 'incentivesPresalesValue'],
  technical: ['incentivesTechnical', 'incentivesTechnicalValue'],
} as const satisfies Record<IncentiveRole, readonly [keyof ActivityCounters, keyof ActivityCounters]>;

/** What an event adds to a partner's counters, in its month; null when it counts nothing. */
export function incrementOf(event: LedgerEvent): Increment | null {
  switch (event.type) {
    case 'LeadRegistered':
    case 'CertificationEarned':
      return activityMetricsOf(event);
    case 'DealWon':
      return { ...activityMetricsOf(event), netRevenue: event.data.amount.minor };
    case 'DealReversed': {
      const { amount, totalReversed, wonAmount } = event.data;
      return { revenueReversed: amount.minor, netRevenue: -amount.minor, dealsReversed: totalReversed.minor === wonAmount.minor ? 1 : 0 };
    }
    case 'IncentiveAwarded': {
      const [count, value] = BY_ROLE[event.data.recipient.role];
      return { incentivesAwarded: 1, incentivesValue: event.data.value.minor, [count]: 1, [value]: event.data.value.minor };
    }
    case 'EngagementRecorded': {
      const { satisfaction } = event.data;
      return satisfaction === undefined ? { engagements: 1 } : { engagements: 1, satisfactionRatings: 1, satisfactionTenths: Math.round(satisfaction * 10) };
    }
    default:
      return null;
  }
}

/** A copy of `counters` (a profile's, or a whole scorecard) with the increment added. */
export function addCounters<T extends ActivityCounters>(counters: T, increment: Increment): T {
  const next = { ...counters };
  // for…in rather than Object.entries: no arrays built for every event replayed.
  for (const field in increment) {
    const key = field as keyof ActivityCounters;
    next[key] = addMinor(next[key], increment[key]!) as T[keyof ActivityCounters];
  }
  return next;
}

/** The counters as the API shows them. */
export function countersView(counters: ActivityCounters) {
  return {
    leadsRegistered: counters.leadsRegistered,
    dealsWon: counters.dealsWon,
    revenueWon: formatAmount(counters.revenueWon),
    revenueReversed: formatAmount(counters.revenueReversed),
    netRevenue: formatAmount(counters.netRevenue),
    dealsReversed: counters.dealsReversed,
    certificationsEarned: counters.certificationsEarned,
    incentivesAwarded: counters.incentivesAwarded,
    incentivesValue: formatAmount(counters.incentivesValue),
    incentivesByRole: Object.fromEntries(
      INCENTIVE_ROLES.map((role) => {
        const [count, value] = BY_ROLE[role];
        return [role, { count: counters[count] ?? 0, value: formatAmount(counters[value] ?? 0) }];
      }),
    ) as Record<IncentiveRole, { count: number; value: string }>,
    engagements: counters.engagements ?? 0,
    averageSatisfaction: averageOf(counters.satisfactionTenths ?? 0, counters.satisfactionRatings ?? 0),
  };
}

/** The mean of ratings summed in tenths, with one decimal, half up (e.g. "4.3"); null when none was rated. */
export function averageOf(tenths: number, ratings: number): string | null {
  if (ratings === 0) return null;
  const roundedTenths = Math.floor((2 * tenths + ratings) / (2 * ratings)); // round(tenths / ratings), half up, in integers
  return `${Math.floor(roundedTenths / 10)}.${roundedTenths % 10}`;
}

const decimal = z.string().describe('Decimal string, e.g. "1250.10"');
/** The counters' response schema, for the OpenAPI document. */
export const countersResponse = {
  leadsRegistered: z.number().int(),
  dealsWon: z.number().int(),
  revenueWon: decimal.describe('What the deals won were worth when won (a later reversal does not change it)'),
  revenueReversed: decimal.describe('What deal reversals took back, in the period they occurred in'),
  netRevenue: z.string().describe('revenueWon − revenueReversed, a decimal string; negative when more was reversed than won (e.g. "-300.00")'),
  dealsReversed: z.number().int().describe('Deals reversed in full (counted when the last of the deal was taken back)'),
  certificationsEarned: z.number().int(),
  incentivesAwarded: z.number().int(),
  incentivesValue: decimal,
  incentivesByRole: z.object(
    Object.fromEntries(INCENTIVE_ROLES.map((role) => [role, z.object({ count: z.number().int(), value: decimal })])) as Record<IncentiveRole, z.ZodObject<{ count: z.ZodNumber; value: z.ZodString }>>,
  ).describe('Incentives by the recipient\'s role: how many, and their value'),
  engagements: z.number().int().describe('Seminars, trainings, conventions, partner meetings and pre-sales kits recorded'),
  averageSatisfaction: z
    .string()
    .nullable()
    .meta({ type: 'string', nullable: true, description: 'Mean satisfaction of the rated engagements, one decimal (e.g. "4.3"); null when none was rated' }),
};
