import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { ProgramRules } from '@ledger/domain';
import { instant } from '../contracts/fields';

/** A version of the program's rules as the API shows it. */
export function programRulesView(rules: ProgramRules) {
  return {
    version: rules.version,
    effectiveFrom: rules.effectiveFrom,
    currency: rules.currency,
    flagshipLine: rules.flagshipLine,
    productLines: [...rules.productLines],
    tiers: rules.tiers,
    leadProtectionDays: rules.leadProtectionDays,
    leadExtensionDays: rules.leadExtensionDays,
    maxLeadExtensions: rules.maxLeadExtensions,
    loyaltyWindowDays: rules.loyaltyWindowDays,
    redCardSuspensionDays: rules.redCardSuspensionDays,
    atRiskAfterDays: rules.atRiskAfterDays,
    coop: rules.coop ?? {},
    minimumMargins: rules.minimumMargins ?? {},
  };
}

const criterion = z.object({
  flagshipEngineers: z.number().int().optional(),
  otherLineEngineers: z.number().int().optional(),
  engineersCertifiedOnEveryLine: z.number().int().optional(),
});
const programRules = z.object({
  version: z.number().int().min(1).describe('1, 2, 3, … in the order published'),
  effectiveFrom: z.string().describe('From when this version judges facts (version 1: 0001-01-01T00:00:00Z)'),
  currency: z.string(),
  flagshipLine: z.string(),
  productLines: z.array(z.string()),
  tiers: z.object({ silver: criterion, gold: criterion, platinum: criterion }),
  leadProtectionDays: z.number().int(),
  leadExtensionDays: z.number().int(),
  maxLeadExtensions: z.number().int(),
  loyaltyWindowDays: z.number().int(),
  redCardSuspensionDays: z.number().int(),
  atRiskAfterDays: z.number().int(),
  coop: z.record(z.string(), z.unknown()),
  minimumMargins: z
    .record(z.string(), z.union([z.string(), z.object({ minimum: z.string().optional(), products: z.record(z.string(), z.string()).optional() })]))
    .describe('Minimum margin per product line (percent), optionally per product'),
});

export class ProgramRulesResponse extends createZodDto(programRules) {}
export class ProgramVersionsResponse extends createZodDto(z.object({ items: z.array(programRules).describe('Every version, oldest first') })) {}
export class ProgramRulesQueryDto extends createZodDto(
  z.strictObject({ asOf: instant.optional().describe('The version in force at this time (default: now)') }),
) {}
