import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { nullableText } from '../contracts/fields';

/** Refusals listed in an import's answer at most; the counts cover them all. */
export const MAX_REFUSALS_LISTED = 1000;

export const importResultSchema = z.object({
  recorded: z.number().int().describe('Lines whose fact is recorded now'),
  alreadyRecorded: z.number().int().describe('Lines whose fact (same message id) was recorded before, over Kafka, by an earlier import or earlier in this one: no second effect'),
  refused: z.number().int().describe('Lines refused, with the codes the dead-letter topic carries (MALFORMED_JSON, VALIDATION_FAILED, PARTNER_NOT_FOUND, ...)'),
  refusals: z
    .array(z.object({ line: z.number().int().describe('1-based line number in the body, blank lines counted'), code: z.string(), message: z.string() }))
    .describe(`The first ${MAX_REFUSALS_LISTED} refusals, in line order`),
  lastPosition: nullableText('Highest position of the facts recorded or found recorded, as a decimal string: pass it as ?minPosition to read them all. Null when none'),
});
export class ImportResultResponse extends createZodDto(importResultSchema) {}
