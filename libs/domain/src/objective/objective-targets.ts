import { refuse } from '../shared/domain-error';
import { ANY_PERIOD_PATTERN } from '../shared/period';
import { ObjectiveTargets } from '../events';

/**
 * What makes a period's targets valid whoever they are set for: a month, quarter or year;
 * each target a positive whole number (money in minor units, in the ledger's currency).
 */
export function assertObjective(period: string, targets: ObjectiveTargets, currency: string): void {
  if (!ANY_PERIOD_PATTERN.test(period)) {
    throw refuse.invalid('INVALID_PERIOD', `"${period}" is not a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)`, { period });
  }
  const { revenueWon, ...counts } = targets;
  if (revenueWon !== undefined) {
    if (revenueWon.currency !== currency) throw refuse.rule('CURRENCY_NOT_ACCEPTED', `the ledger keeps amounts in ${currency}, not ${revenueWon.currency}`);
    if (!(revenueWon.minor > 0)) throw refuse.rule('TARGET_NOT_POSITIVE', 'the revenueWon target must be more than zero', { metric: 'revenueWon' });
  }
  for (const [metric, value] of Object.entries(counts)) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw refuse.rule('TARGET_NOT_POSITIVE', `the ${metric} target must be a whole number more than zero`, { metric });
    }
  }
}
