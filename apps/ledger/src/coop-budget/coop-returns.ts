import { addMinor, formatAmount } from '@ledger/domain';
import { CoopClaimDocument } from './coop-budget';

/** What claims cost and brought in, summed exactly (minor units). */
export interface CoopReturns {
  spend: number;
  leadsAttributed: number;
  dealsWon: number;
  revenueWon: number;
}

export const noReturns = (): CoopReturns => ({ spend: 0, leadsAttributed: 0, dealsWon: 0, revenueWon: 0 });

/**
 * A claim added to a sum. A rejected claim counts for nothing: the program paid nothing for it,
 * so what its leads brought in is not a return on its budget. A pending claim's leads count,
 * its amount not yet (spend is what was approved).
 */
export function withClaim(sum: CoopReturns, claim: CoopClaimDocument): CoopReturns {
  if (claim.status === 'rejected') return sum;
  return {
    spend: claim.status === 'approved' ? addMinor(sum.spend, claim.amount) : sum.spend,
    leadsAttributed: sum.leadsAttributed + claim.leadsAttributed,
    dealsWon: sum.dealsWon + claim.dealsWon,
    revenueWon: addMinor(sum.revenueWon, claim.revenueWon),
  };
}

/** Claims summed by a key of theirs, keys in ascending order. */
export function returnsBy<K extends string>(claims: Iterable<CoopClaimDocument>, keyOf: (claim: CoopClaimDocument) => K): Map<K, CoopReturns> {
  const groups = new Map<K, CoopReturns>();
  for (const claim of claims) {
    if (claim.status === 'rejected') continue;
    const key = keyOf(claim);
    groups.set(key, withClaim(groups.get(key) ?? noReturns(), claim));
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Revenue won ÷ spend as a plain ratio with two decimals, half up ("12.50": 12.5 times what
 * was spent), in exact integer arithmetic; null without spend.
 */
export function returnOnSpend(revenue: number, spend: number): string | null {
  if (spend <= 0) return null;
  const [r, s] = [BigInt(revenue), BigInt(spend)];
  const magnitude = ((r < 0n ? -r : r) * 200n + s) / (2n * s);
  return `${r < 0n && magnitude > 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

/** A sum as the API shows it: money as decimal strings, with its return on spend. */
export const returnsView = (sum: CoopReturns) => ({
  spend: formatAmount(sum.spend),
  leadsAttributed: sum.leadsAttributed,
  dealsWon: sum.dealsWon,
  revenueWon: formatAmount(sum.revenueWon),
  roi: returnOnSpend(sum.revenueWon, sum.spend),
});
