import { addMinor } from '@ledger/domain';

/**
 * What the observatory adds up, in minor units: revenue and margin sold, and the part of
 * them sold below the guaranteed minimum (the lines a MarginBelowMinimum named). A reversal
 * subtracts its part, so a month holding only reversals is negative.
 */
export interface MarginSums {
  revenue: number;
  margin: number;
  revenueBelowMinimum: number;
  marginBelowMinimum: number;
}

export const noSums = (): MarginSums => ({ revenue: 0, margin: 0, revenueBelowMinimum: 0, marginBelowMinimum: 0 });

export const addSums = (a: MarginSums, b: MarginSums): MarginSums => ({
  revenue: addMinor(a.revenue, b.revenue),
  margin: addMinor(a.margin, b.margin),
  revenueBelowMinimum: addMinor(a.revenueBelowMinimum, b.revenueBelowMinimum),
  marginBelowMinimum: addMinor(a.marginBelowMinimum, b.marginBelowMinimum),
});

/** The sums of a document or an entry, alone (a document carries other fields too). */
export const sumsOf = ({ revenue, margin, revenueBelowMinimum, marginBelowMinimum }: MarginSums): MarginSums => ({ revenue, margin, revenueBelowMinimum, marginBelowMinimum });

/** A line's revenue and margin as sums, below the minimum or not, subtracted for a reversal. */
export function lineSums(revenue: number, margin: number, belowMinimum: boolean, sign: 1 | -1): MarginSums {
  // Subtracted from zero, not multiplied by -1: a line of no revenue stays 0, never -0.
  const [r, m] = sign === 1 ? [revenue, margin] : [0 - revenue, 0 - margin];
  return { revenue: r, margin: m, revenueBelowMinimum: belowMinimum ? r : 0, marginBelowMinimum: belowMinimum ? m : 0 };
}
