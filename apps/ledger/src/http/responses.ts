import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';

/** The shapes queries answer with, for the OpenAPI document. */
const decimal = z.string().describe('Decimal string, e.g. "1250.10"');
const counters = {
  leadsRegistered: z.number().int(),
  dealsWon: z.number().int(),
  revenueWon: decimal,
  certificationsEarned: z.number().int(),
  incentivesAwarded: z.number().int(),
  incentivesValue: decimal,
};
const engineer = z.object({ engineerId: z.string(), engineerName: z.string().optional(), expiresAt: z.string().optional() });

const partner = z.object({
  partnerId: z.string(),
  name: z.string(),
  typology: z.enum(TYPOLOGIES),
  territory: z.object({ country: z.string(), region: z.string().optional() }),
  tier: z.enum(TIERS),
  registeredAt: z.string(),
  certifiedEngineers: z.record(z.string(), z.array(engineer)).describe('Engineers holding a valid certification, per product line'),
  counters: z.object(counters),
  currency: z.string(),
});

const scorecard = z.object({
  partnerId: z.string(),
  period: z.string(),
  typology: z.enum(TYPOLOGIES),
  country: z.string(),
  tier: z.enum(TIERS),
  ...counters,
  currency: z.string(),
});

const historyEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId: z.string(),
  revision: z.string(),
  position: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({ actor: z.string(), source: z.string(), correlationId: z.string(), causationId: z.string(), idempotencyKey: z.string().optional() }),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export class PartnerResponse extends createZodDto(partner) {}
export class PartnerPageResponse extends createZodDto(page(partner)) {}
export class ScorecardResponse extends createZodDto(scorecard) {}
export class ScorecardPageResponse extends createZodDto(page(scorecard)) {}
export class HistoryPageResponse extends createZodDto(page(historyEntry)) {}
export class ProjectionStatusResponse extends createZodDto(
  z.object({ head: z.string(), projections: z.array(z.object({ name: z.string(), checkpoint: z.string(), lag: z.string() })) }),
) {}
export class ApiKeysResponse extends createZodDto(z.object({ items: z.array(z.object({ name: z.string(), roles: z.array(z.string()) })) })) {}
