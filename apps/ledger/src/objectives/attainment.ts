import { formatAmount, OBJECTIVE_METRICS, ObjectiveMetric, percentOf } from '@ledger/domain';
import { StoredTargets } from './objective-register';

/** A figure per objective metric: revenue in minor units, the others counts. */
export type Metrics<T> = Record<ObjectiveMetric, T>;
/** The target in force for each metric, null when there is none. */
export type EffectiveTargets = Metrics<number | null>;

/**
 * The targets a partner is held to for a period: its own for a metric when it has one, else
 * its typology's for the same period, else none. Metric by metric: a partner's revenue target
 * leaves its typology's deal target in force. Periods never mix: a quarter's target is not
 * split into months, a month's never summed into a quarter.
 */
export function effectiveTargets(own: StoredTargets | undefined, typology: StoredTargets | undefined): EffectiveTargets {
  return Object.fromEntries(OBJECTIVE_METRICS.map((metric) => [metric, own?.[metric] ?? typology?.[metric] ?? null])) as EffectiveTargets;
}


/** Actual ÷ target per metric as a percent string, null without a target. */
export function attainmentOf(actuals: Metrics<number>, targets: EffectiveTargets): Metrics<string | null> {
  return Object.fromEntries(OBJECTIVE_METRICS.map((metric) => {
    const target = targets[metric];
    return [metric, target === null ? null : percentOf(actuals[metric], target)];
  })) as Metrics<string | null>;
}

/** Targets as the API shows them: money as a decimal string, counts as integers, null without a target. */
export function targetsView(targets: EffectiveTargets) {
  const { revenueWon, dealsWon, leadsRegistered, certifiedEngineers } = targets;
  return { revenueWon: revenueWon === null ? null : formatAmount(revenueWon), dealsWon, leadsRegistered, certifiedEngineers };
}
