import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { position } from '../contracts/fields';

const hash = z.string().regex(/^[0-9a-f]{64}$/).describe('Lowercase hex SHA-256');

const brokenLink = z
  .object({
    streamId: z.string(),
    revision: position.describe('The revision of the first event whose link does not hold, as a decimal string'),
    position: position.describe('Its global position, as a decimal string'),
    eventId: z.string(),
    expectedHash: hash.nullable().describe('What the stored events say it should be (recomputed); null where no predecessor is expected'),
    storedHash: hash.nullable().describe('What the event carries (its hash, or its prevHash); null when it carries none'),
    problem: z.enum(['hash', 'prevHash']).describe("hash: the event's hash is not that of what it records; prevHash: it does not link to the event before it"),
  })
  .meta({ title: 'BrokenLink' });

export const streamVerificationResponse = z
  .object({
    streamId: z.string(),
    verified: z.boolean().describe('Every link of the chain holds'),
    events: z.number().int(),
    chainedEvents: z.number().int().describe('Events carrying their hash'),
    legacyEvents: z.number().int().describe('Events recorded before the chain existed: their hashes are computed, not stored (sealed by `audit seal`)'),
    lastHash: hash.nullable().describe("The chain value of the stream's last event"),
    firstBroken: brokenLink.nullable(),
  })
  .meta({ title: 'StreamVerification' });

export class StreamVerificationResponse extends createZodDto(streamVerificationResponse) {}

export class StreamParams extends createZodDto(
  z.strictObject({ streamId: z.string().min(1).max(200).describe('A stream id, e.g. partner-p1, lead-l1, program') }),
) {}
