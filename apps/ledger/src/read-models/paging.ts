import { z } from 'zod';
import { Filter } from '@ledger/read-store';
import { positionInput } from '../contracts/fields';

/** `?minPosition=`: the read models must have applied this position before the query answers. */
export interface Freshness {
  minPosition?: bigint;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Query-string fields shared by the list routes. */
export const freshnessQuery = {
  minPosition: positionInput
    .optional()
    .describe(
      'Answer only once the read models have applied this position (a command\'s `position`), waiting up to QUERY_WAIT_MS (default 10 s): ' +
        '504 READ_MODEL_NOT_READY if they have not by then. A position beyond the event store\'s head can never be reached: 409 POSITION_NOT_REACHED at once.',
    ),
};
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional().describe('Opaque: the nextCursor of the previous page, as it was given (anything else is 400 INVALID_CURSOR)'),
};

/**
 * A page of items, for the OpenAPI document. `nextCursor` is a string or null: zod writes a
 * nullable string as `type: ["string", "null"]`, which @nestjs/swagger reads as an array of
 * strings; the OpenAPI 3.0 form is stated instead.
 */
export const pageResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ type: 'string', nullable: true, description: 'Opaque cursor of the next page (pass it as ?cursor=); null on the last page' }),
  });

/** Drops filters the client left out. */
export function presentFilter(filter: Record<string, string | undefined>): Filter {
  return Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
