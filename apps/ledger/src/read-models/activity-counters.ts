import { z } from 'zod';
import { addMinor, formatAmount, LedgerEvent } from '@ledger/domain';

/**
 * What a partner did, counted: kept all-time on its profile and per month on its
 * scorecards. Money is integer minor units inside; the API shows decimal strings.
 */
export interface ActivityCounters {
  leadsRegistered: number;
  dealsWon: number;
  revenueWon: number;
  certificationsEarned: number;
  incentivesAwarded: number;
  incentivesValue: number;
}

export type Increment = Partial<ActivityCounters>;

export const emptyCounters = (): ActivityCounters => ({
  leadsRegistered: 0,
  dealsWon: 0,
  revenueWon: 0,
  certificationsEarned: 0,
  incentivesAwarded: 0,
  incentivesValue: 0,
});

/** What an event adds to a partner's counters, in its month; null when it counts nothing. */
export function incrementOf(event: LedgerEvent): Increment | null {
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
    certificationsEarned: counters.certificationsEarned,
    incentivesAwarded: counters.incentivesAwarded,
    incentivesValue: formatAmount(counters.incentivesValue),
  };
}

const decimal = z.string().describe('Decimal string, e.g. "1250.10"');
/** The counters' response schema, for the OpenAPI document. */
export const countersResponse = {
  leadsRegistered: z.number().int(),
  dealsWon: z.number().int(),
  revenueWon: decimal,
  certificationsEarned: z.number().int(),
  incentivesAwarded: z.number().int(),
  incentivesValue: decimal,
};
