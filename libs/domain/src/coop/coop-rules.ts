import { ProgramRules, Tier } from '../program/program-rules';
import { isPercent } from '../shared/percent';
import { parseAmount } from '../shared/money';

/** What a co-op claim paid for. */
export const COOP_ACTIVITIES = ['open-day', 'seminar', 'breakfast', 'brochure', 'press-ad', 'other'] as const;
export type CoopActivity = (typeof COOP_ACTIVITIES)[number];

/**
 * The co-op budget's rules, as published in a version's `coop`: a percent of won revenue per
 * tier (at the win), and a fixed grant for a partner's first `launchMonths` (during which its
 * wins accrue nothing).
 */
export interface CoopRules {
  readonly ratesByTier: Readonly<Partial<Record<Tier, string>>>;
  /** In minor units. */
  readonly launchGrant: number;
  readonly launchMonths: number;
}

/**
 * A version's co-op rules, read leniently: a version recorded before co-op had this shape (or
 * none) grants and accrues nothing it cannot read.
 */
export function coopRulesOf(rules: Pick<ProgramRules, 'coop'>): CoopRules {
  const coop = (rules.coop ?? {}) as Record<string, unknown>;
  const rates = typeof coop.ratesByTier === 'object' && coop.ratesByTier !== null ? (coop.ratesByTier as Record<string, unknown>) : {};
  const ratesByTier: Partial<Record<Tier, string>> = {};
  for (const tier of ['none', 'silver', 'gold', 'platinum'] as const) if (isPercent(rates[tier])) ratesByTier[tier] = rates[tier];
  let launchGrant = 0;
  try {
    if (typeof coop.launchGrant === 'string') launchGrant = parseAmount(coop.launchGrant, 'coop.launchGrant');
  } catch {
    launchGrant = 0;
  }
  const months = coop.launchMonths;
  const launchMonths = typeof months === 'number' && Number.isInteger(months) && months > 0 ? months : 0;
  return { ratesByTier, launchGrant, launchMonths };
}
