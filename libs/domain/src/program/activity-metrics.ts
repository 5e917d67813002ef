import { LedgerEvent } from '../events';
import { ChallengeMetric } from './program-rules';

/**
 * What a partner's fact counts for in the metrics scorecards, objectives and challenges
 * measure: a lead registered, a deal won (one, and its amount as revenue in minor units), a
 * certification earned. A deal reversed takes its amount back from the revenue, in the period
 * it occurred in: what objectives and challenges measure is the revenue that stayed sold
 * (the deal itself still counts as won). Nothing for any other fact.
 */
export function activityMetricsOf(event: LedgerEvent): Partial<Record<ChallengeMetric, number>> | null {
  switch (event.type) {
    case 'LeadRegistered':
      return { leadsRegistered: 1 };
    case 'DealWon':
      return { dealsWon: 1, revenueWon: event.data.amount.minor };
    case 'DealReversed':
      return { revenueWon: -event.data.amount.minor };
    case 'CertificationEarned':
      return { certificationsEarned: 1 };
    default:
      return null;
  }
}
