import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { identifier, nullableText } from '../contracts/fields';
import { LEDGER_PROJECTIONS } from '../read-models/ledger-projections';
import { ReplayJob } from './replay-jobs';

/** Differences shown per job: the first ones tell what went wrong; the CLI lists them all. */
const SHOWN_DIFFERENCES = 100;

export class StartReplayDto extends createZodDto(
  z.strictObject({
    projections: z
      .array(identifier)
      .max(50)
      .optional()
      .meta({ type: 'array', items: { type: 'string', enum: LEDGER_PROJECTIONS.map((p) => p.name) }, maxItems: 50, description: 'Projections to replay (default: all); another name is 400 UNKNOWN_PROJECTION' }),
    switch: z.boolean().optional().describe('Make the new generation live once built and compared (default: false, kept as a candidate)'),
  }),
) {}

export class ReplayParams extends createZodDto(z.strictObject({ replayId: z.uuid() })) {}

const replayResult = z.object({
  projections: z.array(z.object({ name: z.string(), live: z.number().int().describe('Generation live before'), built: z.number().int().describe('Generation built') })),
  events: z.number().int(),
  seconds: z.number(),
  eventsPerSecond: z.number().int(),
  differenceCount: z.number().int(),
  differences: z.array(z.string()).describe(`Each difference in one line (collection/id, then each field: live, rebuilt); the first ${SHOWN_DIFFERENCES}`),
  switched: z.boolean(),
});

export class ReplayJobResponse extends createZodDto(
  z.object({
    replayId: z.uuid(),
    status: z.enum(['running', 'done', 'failed']),
    projections: z.array(z.string()).describe('As asked; empty: all'),
    switch: z.boolean(),
    startedAt: z.string(),
    finishedAt: nullableText('When it ended; null while it runs'),
    progress: z.object({ position: z.string().describe('Position the rebuild has read up to'), head: z.string().describe('Head of the event store when it started') }),
    result: replayResult.nullable(),
    error: nullableText('Why it failed; null unless it did'),
  }),
) {}

/** A replay job as the API shows it: positions as decimal strings. */
export function replayJobView(job: ReplayJob) {
  const report = job.report;
  return {
    replayId: job.id,
    status: job.status,
    projections: job.projections,
    switch: job.switch,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt ?? null,
    progress: { position: job.position.toString(), head: job.head.toString() },
    result: report
      ? {
          projections: report.projections,
          events: report.events,
          seconds: report.seconds,
          eventsPerSecond: report.eventsPerSecond,
          differenceCount: report.differences.length,
          differences: (job.differences ?? []).slice(0, SHOWN_DIFFERENCES),
          switched: report.switched,
        }
      : null,
    error: job.error ?? null,
  };
}
