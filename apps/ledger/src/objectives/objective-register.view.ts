import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { OBJECTIVE_METRICS, ObjectiveMetric, TYPOLOGIES } from '@ledger/domain';
import { anyPeriod, identifier } from '../contracts/fields';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { effectiveTargets, targetsView } from './attainment';
import { ObjectiveDocument } from './objective-register';

/** A scope's targets as the API shows them: money as a decimal string, null for a metric without a target. */
export function objectiveView(objective: ObjectiveDocument, currency: string) {
  return {
    scope: objective.scope,
    ...(objective.typology !== undefined ? { typology: objective.typology } : {}),
    ...(objective.partnerId !== undefined ? { partnerId: objective.partnerId } : {}),
    period: objective.period,
    targets: targetsView(effectiveTargets(objective, undefined)),
    currency,
    setAt: objective.setAt,
  };
}

const decimal = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });
const count = (description: string) => z.number().int().nullable().meta({ type: 'integer', nullable: true, description });

/** Targets per metric, null without one: for objectives, and for scorecards and roll-ups. */
export const targetsResponse = z
  .object({
    revenueWon: decimal('Revenue won, as a decimal string in the ledger\'s currency; null without a target'),
    dealsWon: count('Deals won; null without a target'),
    leadsRegistered: count('Leads registered; null without a target'),
    certifiedEngineers: count('Distinct engineers holding a valid certification at the end of the period; null without a target'),
  });

/** Attainment per metric: actual ÷ target as a percent with one decimal (half up), null without a target. */
export const attainmentResponse = z.object(
  Object.fromEntries(
    OBJECTIVE_METRICS.map((metric) => [
      metric,
      z.string().nullable().meta({ type: 'string', nullable: true, description: `${metric}: actual ÷ target, a percent with one decimal (e.g. "87.5"); null without a target` }),
    ]),
  ) as Record<ObjectiveMetric, z.ZodNullable<z.ZodString>>,
);

const objective = z.object({
  scope: z.enum(['typology', 'partner']),
  typology: z.enum(TYPOLOGIES).optional().describe('The typology whose partners the targets are for (scope typology)'),
  partnerId: z.string().optional().describe('The partner the targets are for (scope partner): they override its typology\'s, metric by metric'),
  period: z.string().describe('A month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)'),
  targets: targetsResponse,
  currency: z.string(),
  setAt: z.string().describe('When they were last set (setting again replaces them whole)'),
});

export class ObjectivePageResponse extends createZodDto(pageResponse(objective)) {}
export class ListObjectivesQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...pageQuery,
    period: anyPeriod.optional(),
    typology: z.enum(TYPOLOGIES).optional(),
    partnerId: identifier.optional(),
  }),
) {}
