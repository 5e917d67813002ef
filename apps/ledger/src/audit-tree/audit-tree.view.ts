import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { identifier } from '../contracts/fields';
import { freshnessQuery } from '../read-models/paging';

const hex = (what: string) => z.string().regex(/^[0-9a-f]{64}$/).describe(`${what}: lowercase hex SHA-256`);

/** A tree size in a query string: a plain decimal integer of 1 or more (no sign, exponent or blank); a tree of 0 events has no proofs. */
const size = (description: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'a whole number of 1 or more written in decimal digits')
    .transform(Number)
    .meta({ type: 'string', pattern: '^[1-9][0-9]{0,14}$', description });

export class DigestQuery extends createZodDto(z.strictObject(freshnessQuery)) {}

export class InclusionProofQuery extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    eventId: identifier.describe('The event to prove'),
    treeSize: size('The size of the tree to prove it in: above the event\'s leaf index, at most the current size (default: the current size)').optional(),
  }),
) {}

export class ConsistencyProofQuery extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    from: size('The earlier tree size (an auditor\'s digest\'s treeSize): 1 ≤ from ≤ to'),
    to: size('The later tree size: at most the current size (default: the current size)').optional(),
  }),
) {}

export class DigestResponse extends createZodDto(
  z.object({
    treeSize: z.number().int().min(0).describe('How many events the tree holds: leaf i is the event at the i-th position'),
    rootHash: hex('The Merkle tree hash (RFC 6962) of those events; SHA-256("") for an empty ledger'),
    lastPosition: z.string().describe('Position of the last event in the tree, decimal ("0" when empty)'),
    at: z.string().describe('When this answer was made (ISO-8601, UTC)'),
  }),
) {}

export class InclusionProofResponse extends createZodDto(
  z.object({
    eventId: z.string(),
    leafIndex: z.number().int().min(0),
    treeSize: z.number().int().min(1),
    leafHash: hex('SHA-256(0x00 ‖ the event\'s hash bytes)'),
    auditPath: z.array(hex('A sibling')).describe('RFC 9162 §2.1.3 audit path, from the leaf up'),
    rootHash: hex('The root of the tree of treeSize'),
  }),
) {}

export class ConsistencyProofResponse extends createZodDto(
  z.object({
    from: z.number().int().min(1),
    to: z.number().int().min(1),
    consistencyPath: z.array(hex('A node')).describe('RFC 9162 §2.1.4 consistency proof; empty when from = to'),
    fromRoot: hex('The root of the tree of size from'),
    toRoot: hex('The root of the tree of size to'),
  }),
) {}
