import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { basisResponse, timeQuery } from '../as-of/time-filter';
import { freshnessQuery, pageQuery } from '../read-models/paging';
import { EVIDENCE_METRICS } from './scorecard-evidence';

const amountOrCount = (description: string) =>
  z.union([z.string(), z.number().int()]).describe(`${description}: a decimal string for money (revenueWon, netRevenue, incentivesValue, …), an integer for a count`);
const nullableHash = z.string().nullable().meta({
  type: 'string', nullable: true, description: 'The event\'s hash as recorded in its metadata (lowercase hex SHA-256); null for an event recorded before events were chained',
});

const evidence = z.object({
  partnerId: z.string(),
  period: z.string(),
  metric: z.enum(EVIDENCE_METRICS),
  figure: amountOrCount('The figure as the scorecard shows it'),
  sum: amountOrCount('The sum of the contributions of every event listed (all pages): equal to the figure'),
  contributions: z.number().int().describe('How many events make up the figure (all pages)'),
  currency: z.string(),
  items: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      streamId: z.string(),
      revision: z.string().describe('Decimal string'),
      position: z.string().describe('Decimal string'),
      occurredAt: z.string(),
      recordedAt: z.string(),
      contribution: amountOrCount('What the event adds to the figure (negative for a reversal\'s share of netRevenue)'),
      hash: nullableHash,
    }),
  ).describe('The events that make up the figure, in position order'),
  nextCursor: z.string().nullable().meta({ type: 'string', nullable: true, description: 'Opaque cursor of the next page (pass it as ?cursor=); null on the last page' }),
  basis: basisResponse,
});
export class ScorecardEvidenceResponse extends createZodDto(evidence) {}

export class ScorecardEvidenceQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...timeQuery,
    ...pageQuery,
    // Checked by the query (400 UNKNOWN_METRIC, naming the metrics there are); the document lists them.
    metric: z
      .string()
      .min(1)
      .max(64)
      .meta({ type: 'string', enum: [...EVIDENCE_METRICS], description: 'The figure to trace (anything else is 400 UNKNOWN_METRIC)' }),
  }),
) {}
