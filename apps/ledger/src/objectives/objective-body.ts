import { z } from 'zod';
import { ObjectiveTargets } from '@ledger/domain';
import { amount } from '../contracts/fields';
import { Program } from '../write/program';

const count = (what: string) => z.number().int().min(0).max(1_000_000_000).optional().describe(`${what}: a whole number more than zero (0 is 422 TARGET_NOT_POSITIVE)`);

/** PUT /objectives/…: a period's targets; a metric left out has none. Setting a period again replaces its targets whole. */
export const objectiveBody = z.strictObject({
  revenueWon: amount.optional().describe('Revenue won, a decimal string in the ledger\'s currency, more than zero (422 TARGET_NOT_POSITIVE)'),
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
