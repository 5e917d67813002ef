import { z } from 'zod';
import { Filter } from '@ledger/read-store';
import { position } from '../contracts/fields';

/** `?minPosition=`: the read models must have applied this position before the query answers. */
export interface Freshness {
  minPosition?: bigint;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Query-string fields shared by the list routes. */
export const freshnessQuery = { minPosition: position.optional().describe('Wait (up to 10 s) until the read models have applied this position') };
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional().describe('nextCursor of the previous page'),
};

/** A page of items, for the OpenAPI document. */
export const pageResponse = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Drops filters the client left out. */
export function presentFilter(filter: Record<string, string | undefined>): Filter {
  return Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
