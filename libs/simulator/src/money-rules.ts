import { coopRulesOf, MinimumMargin, ProgramRules } from '@ledger/domain';
import { guaranteedMarginPercent, MARGIN_EXCEPTION } from './catalog';

/**
 * The money rules a simulated program publishes: the guaranteed minimum margin of
 * each product line (one product with a minimum of its own), and the co-op budget, a share of
 * won revenue by tier after a fixed grant for the launch phase. Version 1 (the defaults) has
 * neither: the simulation publishes them in a later version, so that margins below the
 * minimum, grants, accruals and claims have rules to come from.
 */
export const COOP_RULES = {
  ratesByTier: { none: '0', silver: '1', gold: '2', platinum: '3' },
  launchGrant: '2000.00',
  launchMonths: 6,
} as const;

/** The minimums of a program's lines, as the catalogue guarantees them. */
export function minimumMarginsOf(productLines: readonly string[]): Record<string, MinimumMargin> {
  const margins: Record<string, MinimumMargin> = {};
  for (const line of productLines) {
    margins[line] = line === MARGIN_EXCEPTION.productLine
      ? { minimum: guaranteedMarginPercent(line), products: { [MARGIN_EXCEPTION.product]: MARGIN_EXCEPTION.minimum } }
      : guaranteedMarginPercent(line);
  }
  return margins;
}

/** The rules with the simulation's money rules, unless they carry their own already. */
export function withMoneyRules(rules: ProgramRules): ProgramRules {
  return {
    ...rules,
    minimumMargins: Object.keys(rules.minimumMargins ?? {}).length > 0 ? rules.minimumMargins : minimumMarginsOf(rules.productLines),
    coop: Object.keys(rules.coop ?? {}).length > 0 ? rules.coop : { ...COOP_RULES, ratesByTier: { ...COOP_RULES.ratesByTier } },
  };
}

/** Whether a version already has co-op rules or minimum margins of its own. */
export function hasMoneyRules(rules: ProgramRules): boolean {
  const coop = coopRulesOf(rules);
  return Object.keys(rules.minimumMargins ?? {}).length > 0 || Object.keys(coop.ratesByTier).length > 0 || coop.launchGrant > 0;
}
