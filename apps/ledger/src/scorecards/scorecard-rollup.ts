import { addMinor, OBJECTIVE_METRICS } from '@ledger/domain';
import { percentOf } from '@ledger/domain';
import { EffectiveTargets, Metrics, targetsView } from '../objectives';
import { ActivityCounters, addCounters, countersView, emptyCounters } from '../read-models/activity-counters';
import { Freshness } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { RollupGroup, Scorecard } from './scorecard';
import { MeasuredScorecard } from './scorecard-measures';
import { measuredPeriod } from './period-scorecards';


/** One group of a roll-up, summed exactly (money in minor units). */
export interface RollupGroupSums {
  key: string | null;
  partners: number;
  counters: ActivityCounters;
  actuals: Metrics<number>;
  /** Per metric, over the partners with a target for it: how many, the sum of their actuals and of their targets, how many reached 100%. */
  withTarget: Metrics<{ partners: number; actual: number; target: number; atOrAbove100: number }>;
}

const perMetric = <T>(value: () => T) => Object.fromEntries(OBJECTIVE_METRICS.map((m) => [m, value()])) as Metrics<T>;

/**
 * A period's measured scorecards grouped by `groupBy` (the partner as it stood when the
 * period's last fact was recorded: the scorecard's copy), sorted by the group's key (a
 * partner without a region last).
 */
export function rollUp(measured: readonly MeasuredScorecard[], groupBy: RollupGroup): RollupGroupSums[] {
  const groups = new Map<string | null, RollupGroupSums>();
  for (const { scorecard, actuals, targets } of measured) {
    const key = (scorecard[groupBy] as string | undefined) ?? null;
    let group = groups.get(key);
    if (!group) {
      group = { key, partners: 0, counters: emptyCounters(), actuals: perMetric(() => 0), withTarget: perMetric(() => ({ partners: 0, actual: 0, target: 0, atOrAbove100: 0 })) };
      groups.set(key, group);
    }
    group.partners++;
    group.counters = addCounters(group.counters, countersOf(scorecard));
    for (const metric of OBJECTIVE_METRICS) {
      group.actuals[metric] = addMinor(group.actuals[metric], actuals[metric]);
      const target = targets[metric];
      if (target === null) continue;
      const sums = group.withTarget[metric];
      sums.partners++;
      sums.actual = addMinor(sums.actual, actuals[metric]);
      sums.target = addMinor(sums.target, target);
      if (actuals[metric] >= target) sums.atOrAbove100++;
    }
  }
  return [...groups.values()].sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
}

/** A scorecard's counters alone (no partner fields), to add to a group's. */
function countersOf(scorecard: Scorecard): ActivityCounters {
  const counters = emptyCounters();
  for (const field in counters) counters[field as keyof ActivityCounters] = (scorecard[field] as number | undefined) ?? 0;
  return counters;
}

/** A group as the API shows it: its key under the grouping's name, the sums, targets, attainment of the sums and the share at or above 100%. */
export function rollupGroupView(group: RollupGroupSums, groupBy: RollupGroup, currency: string) {
  const targets = perMetric<number | null>(() => null) as EffectiveTargets;
  const attainment = perMetric<string | null>(() => null);
  const atOrAbove100 = perMetric<string | null>(() => null);
  for (const metric of OBJECTIVE_METRICS) {
    const sums = group.withTarget[metric];
    if (sums.partners === 0) continue;
    targets[metric] = sums.target;
    attainment[metric] = percentOf(sums.actual, sums.target);
    atOrAbove100[metric] = percentOf(sums.atOrAbove100, sums.partners);
  }
  return {
    [groupBy]: group.key,
    partners: group.partners,
    ...countersView(group.counters),
    certifiedEngineers: group.actuals.certifiedEngineers,
    targets: targetsView(targets),
    attainment,
    atOrAbove100,
    currency,
  };
}

const rollUps = new WeakMap<MeasuredScorecard[], Map<RollupGroup, RollupGroupSums[]>>();

/** GET /scorecards/rollup: a period's scorecards summed by typology, tier, country or region, with targets and attainment. */
export class RollupScorecardsQuery extends ReadModelQuery {
  constructor(readonly period: string, readonly groupBy: RollupGroup, readonly now: string, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const measured = await measuredPeriod(store, this.period, {}, this.now);
    // Kept with the measured scorecards it sums (a period ended and read models unchanged give the same list).
    let byGrouping = rollUps.get(measured);
    if (!byGrouping) rollUps.set(measured, (byGrouping = new Map()));
    let groups = byGrouping.get(this.groupBy);
    if (!groups) byGrouping.set(this.groupBy, (groups = rollUp(measured, this.groupBy)));
    return { period: this.period, groupBy: this.groupBy, items: groups.map((g) => rollupGroupView(g, this.groupBy, currency)) };
  }
}
