import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import { instant } from '../contracts/fields';
import { freshnessQuery, pageQuery } from '../read-models/paging';
import { ACTIVITY_TYPES } from './partner-profile';
import { TIER_RISK_HORIZON_DAYS } from './partners-at-risk';

export class PartnersAtRiskQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...pageQuery,
    asOf: instant.optional().describe('The instant the risk is judged at; now when absent'),
    days: z.coerce.number().int().min(1).max(3650).optional().describe('Quiet for at least this many whole days; atRiskAfterDays of the program rules in force at asOf when absent'),
  }),
) {}

const quietPartner = z.object({
  partnerId: z.string(),
  name: z.string(),
  typology: z.enum(TYPOLOGIES),
  country: z.string(),
  tier: z.enum(TIERS),
  lastActivityType: z.enum(ACTIVITY_TYPES).describe('The fact of the last activity: PartnerRegistered while nothing else was recorded'),
  lastActivityAt: z.string().describe('When it occurred, ISO-8601 in UTC'),
  daysSinceLastActivity: z.number().int().describe('Whole days from lastActivityAt to asOf'),
});

const tierFall = z.object({
  partnerId: z.string(),
  name: z.string(),
  tier: z.enum(TIERS).describe('The tier recorded'),
  wouldBecome: z.enum(TIERS).describe('The tier left once the certifications listed have expired, none renewed'),
  at: z.string().describe('When the tier would fall (UTC): the expiry that lowers it; before asOf when a lapsed certification was not expired yet'),
  expiring: z.array(z.object({ productLine: z.string(), expiresAt: z.string() })).describe('The certifications expiring by then: product lines and dates, nobody named'),
});

const partnersAtRisk = z.object({
  asOf: z.string().describe('The instant judged at, ISO-8601 in UTC'),
  days: z.number().int().describe('The quiet period applied'),
  items: z.array(quietPartner).describe('Partners with no lead registered, deal won, certification earned or engagement for `days` days, the quietest first'),
  nextCursor: z
    .string()
    .nullable()
    .meta({ type: 'string', nullable: true, description: 'Opaque cursor of the next page of items (pass it as ?cursor=); null on the last page' }),
  tierAtRisk: z
    .array(tierFall)
    .describe(`Partners whose tier would fall within ${TIER_RISK_HORIZON_DAYS} days after asOf because certifications expire (rules in force at asOf), the soonest first; the same on every page`),
});
export class PartnersAtRiskResponse extends createZodDto(partnersAtRisk) {}
