import { DealLine } from '../events';

/** What every reversal of a deal took from one of its lines so far, in minor units. */
export interface LineReversed {
  readonly revenue: number;
  readonly margin: number;
}

/**
 * The lines' share of a deal's reversals once they add up to `total`: each line's revenue in
 * proportion to its share of the deal, whole minor units that add up to `total` exactly,
 * never less than a line had already given (a later reversal only adds) nor more than the
 * line; each line's margin in proportion to its revenue reversed, so a deal reversed whole
 * gives back exactly its revenue and margin. Returns the new totals per line.
 */
export function linesReversedAt(lines: readonly DealLine[], before: readonly LineReversed[], total: number): LineReversed[] {
  const whole = lines.reduce((sum, line) => sum + BigInt(line.revenue.minor), 0n);
  if (lines.length === 0 || whole === 0n) return lines.map(() => ({ revenue: 0, margin: 0 }));
  const R = BigInt(total);
  const taken = lines.map((_, i) => BigInt(before[i]?.revenue ?? 0));
  let remaining = R - taken.reduce((a, b) => a + b, 0n);
  // First each line up to the whole units of its proportional share, in line order.
  for (const [i, line] of lines.entries()) {
    const share = (BigInt(line.revenue.minor) * R) / whole;
    const give = share - taken[i]! > remaining ? remaining : share - taken[i]!;
    if (give > 0n) {
      taken[i] = taken[i]! + give;
      remaining -= give;
    }
  }
  // Then the units left (fewer than the lines), one each to the lines furthest below their share.
  while (remaining > 0n) {
    let best = -1;
    let bestGap = 0n;
    for (const [i, line] of lines.entries()) {
      if (taken[i]! >= BigInt(line.revenue.minor)) continue;
      const gap = BigInt(line.revenue.minor) * R - taken[i]! * whole;
      if (best < 0 || gap > bestGap) [best, bestGap] = [i, gap];
    }
    if (best < 0) break;
    taken[best] = taken[best]! + 1n;
    remaining -= 1n;
  }
  return lines.map((line, i) => {
    const revenue = taken[i]!;
    const lineRevenue = BigInt(line.revenue.minor);
    const margin = lineRevenue === 0n ? 0n : (BigInt(line.margin.minor) * revenue) / lineRevenue;
    return { revenue: Number(revenue), margin: Number(margin) };
  });
}
