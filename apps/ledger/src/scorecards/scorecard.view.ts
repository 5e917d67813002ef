import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import { anyPeriod, country, identifier } from '../contracts/fields';
import { attainmentResponse, targetsResponse, targetsView } from '../objectives';
import { countersResponse, countersView } from '../read-models/activity-counters';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { ATTAINMENT_SORT_FIELDS, ROLLUP_GROUPS, SCORECARD_SORT_FIELDS } from './scorecard';
import { MeasuredScorecard } from './scorecard-measures';
import { basisResponse } from '../as-of/time-filter';

/** A scorecard as the API shows it: money as decimal strings, with the ledger's currency, its targets and attainment. */
export function scorecardView({ scorecard, actuals, targets, attainment }: MeasuredScorecard, currency: string) {
  return {
    partnerId: scorecard.partnerId,
    period: scorecard.period,
    typology: scorecard.typology,
    country: scorecard.country,
    region: scorecard.region ?? null,
    tier: scorecard.tier,
    ...countersView(scorecard),
    certifiedEngineers: actuals.certifiedEngineers,
    targets: targetsView(targets),
    attainment,
    currency,
  };
}

export const certifiedEngineersResponse = z.number().int().describe('Distinct engineers holding a valid certification at the end of the period (now, for the current one)');
export const regionResponse = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });

const scorecard = z.object({
  partnerId: z.string(),
  period: z.string().describe('A month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY), UTC'),
  typology: z.enum(TYPOLOGIES),
  country: z.string(),
  region: regionResponse('territory.region; null when the partner has none'),
  tier: z.enum(TIERS).describe('The partner\'s tier when the period\'s latest fact was recorded'),
  ...countersResponse,
  certifiedEngineers: certifiedEngineersResponse,
  targets: targetsResponse.describe('The targets in force: the partner\'s own for a metric, else its typology\'s, for this very period (a quarter\'s target is never split into months)'),
  attainment: attainmentResponse,
  currency: z.string(),
  basis: basisResponse.optional(),
});

export class ScorecardResponse extends createZodDto(scorecard) {}
export class ScorecardPageResponse extends createZodDto(pageResponse(scorecard)) {}
export class ScorecardParams extends createZodDto(z.strictObject({ partnerId: identifier, period: anyPeriod })) {}

const sortFields = [...SCORECARD_SORT_FIELDS, ...ATTAINMENT_SORT_FIELDS];
const sortable = [...sortFields, ...sortFields.map((f) => `-${f}`)] as [string, ...string[]];
export class ListScorecardsQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...pageQuery,
    period: anyPeriod,
    typology: z.enum(TYPOLOGIES).optional(),
    tier: z.enum(TIERS).optional(),
    country: country.optional(),
    region: z.string().min(1).max(100).optional(),
    sort: z
      .enum(sortable)
      .default('-netRevenue')
      .describe('A field, descending with a leading "-" (default: by net revenue, what stayed sold, highest first). attainment.<metric> sorts by the computed attainment, scorecards without a target last, ties by partnerId'),
  }),
) {}

const group = z.object({
  typology: z.enum(TYPOLOGIES).optional().describe('The group\'s typology (groupBy=typology)'),
  tier: z.enum(TIERS).optional().describe('The group\'s tier (groupBy=tier)'),
  country: z.string().optional().describe('The group\'s country (groupBy=country)'),
  region: regionResponse('The group\'s region (groupBy=region); null for the partners without one').optional(),
  partners: z.number().int().describe('Partners registered before the period ends, each counted in the group its scorecard names (as the partner stood when the period\'s last fact was recorded; a partner quiet in the period, as it stands now)'),
  ...countersResponse,
  certifiedEngineers: certifiedEngineersResponse,
  targets: targetsResponse.describe('Per metric, the sum of the partners\' effective targets; null when none has one'),
  attainment: attainmentResponse.describe('Per metric, the sum of the actuals of the partners with a target ÷ the sum of their targets'),
  atOrAbove100: attainmentResponse.describe('Per metric, the share of the partners with a target whose attainment is 100% or more, a percent with one decimal; null when none has a target'),
  currency: z.string(),
});
export class ScorecardRollupResponse extends createZodDto(
  z.object({ period: z.string(), groupBy: z.enum(ROLLUP_GROUPS), items: z.array(group).describe('One per group, sorted by the group\'s key (no region last)') }),
) {}
export class ScorecardRollupQueryDto extends createZodDto(
  z.strictObject({ ...freshnessQuery, period: anyPeriod, groupBy: z.enum(ROLLUP_GROUPS) }),
) {}
