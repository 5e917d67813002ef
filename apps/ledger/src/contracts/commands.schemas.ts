import { z } from 'zod';
import { INCENTIVE_KINDS, INCENTIVE_ROLES, TYPOLOGIES } from '@ledger/domain';
import { amount, country, identifier, instant, label, moneyBody } from './fields';

/** The bodies of the command routes; Kafka payloads reuse them (see kafka message schemas). */
export const registerPartnerBody = z.strictObject({
  partnerId: identifier.optional(),
  name: label(),
  typology: z.enum(TYPOLOGIES),
  territory: z.strictObject({ country, region: label(100).optional() }),
  occurredAt: instant.optional(),
});

export const registerLeadBody = z.strictObject({
  leadId: identifier.optional(),
  // Compared with case and surrounding spaces ignored (first to register wins).
  customer: z.strictObject({ id: label(100), name: label() }),
  project: label(),
  estimatedValue: moneyBody,
  occurredAt: instant.optional(),
});

export const winDealBody = z.strictObject({
  amount,
  currency: moneyBody.shape.currency,
  occurredAt: instant.optional(),
  lines: z
    .array(z.strictObject({ productLine: identifier, product: label(), revenue: amount, margin: amount }))
    .max(200)
    .optional(),
});

export const earnCertificationBody = z.strictObject({
  engineerId: identifier,
  engineerName: label().optional(),
  productLine: identifier,
  occurredAt: instant.optional(),
  expiresAt: instant.optional(),
});

export const expireCertificationsBody = z.strictObject({
  asOf: instant.optional(),
  occurredAt: instant.optional(),
});

export const awardIncentiveBody = z.strictObject({
  incentiveId: identifier.optional(),
  recipient: z.strictObject({ personId: identifier, name: label().optional(), role: z.enum(INCENTIVE_ROLES) }),
  kind: z.enum(INCENTIVE_KINDS),
  value: moneyBody,
  reason: label(500),
  challengeId: identifier.optional(),
  occurredAt: instant.optional(),
});

export type RegisterPartnerBody = z.infer<typeof registerPartnerBody>;
export type RegisterLeadBody = z.infer<typeof registerLeadBody>;
export type WinDealBody = z.infer<typeof winDealBody>;
export type EarnCertificationBody = z.infer<typeof earnCertificationBody>;
export type ExpireCertificationsBody = z.infer<typeof expireCertificationsBody>;
export type AwardIncentiveBody = z.infer<typeof awardIncentiveBody>;
