import { z } from 'zod';
import { ObjectiveTargets } from '@ledger/domain';
import { Program } from '../write/program';

const count = (what: string) => z.number().int().min(1).max(1_000_000_000).optional().describe(`${what}: a whole number more than zero`);

/** An amount more than zero: a target of nothing is no target (leave the metric out). */
const positiveAmount = z
  .string()
  .max(16)
  .regex(/^([1-9][0-9]{0,12}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$/, 'a decimal string more than zero with at most 2 decimals, e.g. "50000.00"');

/** PUT /objectives/…: a period's targets; a metric left out has none. Setting a period again replaces its targets whole. */
export const objectiveBody = z.strictObject({
  revenueWon: positiveAmount.optional().describe('Revenue won, a decimal string in the ledger\'s currency, more than zero'),
  dealsWon: count('Deals won'),
  leadsRegistered: count('Leads registered'),
  certifiedEngineers: count('Distinct engineers holding a valid certification at the end of the period'),
});
export type ObjectiveBody = z.infer<typeof objectiveBody>;

/** The body's targets in the domain's terms: money in minor units of the ledger's currency. */
export function objectiveTargets(body: ObjectiveBody, program: Program): ObjectiveTargets {
  const { revenueWon, dealsWon, leadsRegistered, certifiedEngineers } = body;
  return {
    ...(revenueWon !== undefined ? { revenueWon: program.money({ amount: revenueWon, currency: program.rules.currency }, 'revenueWon') } : {}),
    ...(dealsWon !== undefined ? { dealsWon } : {}),
    ...(leadsRegistered !== undefined ? { leadsRegistered } : {}),
    ...(certifiedEngineers !== undefined ? { certifiedEngineers } : {}),
  };
}
