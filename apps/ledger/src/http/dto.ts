import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SCORECARD_SORT_FIELDS } from '@ledger/projections';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import {
  awardIncentiveBody, earnCertificationBody, expireCertificationsBody, registerLeadBody, registerPartnerBody, winDealBody,
} from '../contracts/commands.schemas';
import { country, identifier, period, position } from '../contracts/fields';

/** HTTP shapes, built from the transport-neutral schemas so validation and OpenAPI agree. */
export class RegisterPartnerDto extends createZodDto(registerPartnerBody) {}
export class RegisterLeadDto extends createZodDto(registerLeadBody) {}
export class WinDealDto extends createZodDto(winDealBody) {}
export class EarnCertificationDto extends createZodDto(earnCertificationBody) {}
export class ExpireCertificationsDto extends createZodDto(expireCertificationsBody) {}
export class AwardIncentiveDto extends createZodDto(awardIncentiveBody) {}

export class PartnerParams extends createZodDto(z.strictObject({ partnerId: identifier })) {}
export class LeadParams extends createZodDto(z.strictObject({ leadId: identifier })) {}
export class ScorecardParams extends createZodDto(z.strictObject({ partnerId: identifier, period })) {}

const freshness = { minPosition: position.optional().describe('Wait (up to 10 s) until the read models have applied this position') };
const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional().describe('nextCursor of the previous page'),
};

export class FreshnessQuery extends createZodDto(z.strictObject(freshness)) {}
export class HistoryQuery extends createZodDto(z.strictObject({ ...freshness, ...page })) {}

export class ListPartnersQueryDto extends createZodDto(
  z.strictObject({ ...freshness, ...page, typology: z.enum(TYPOLOGIES).optional(), tier: z.enum(TIERS).optional(), country: country.optional() }),
) {}

const sortable = [...SCORECARD_SORT_FIELDS, ...SCORECARD_SORT_FIELDS.map((f) => `-${f}`)] as [string, ...string[]];
export class ListScorecardsQueryDto extends createZodDto(
  z.strictObject({
    ...freshness,
    ...page,
    period,
    typology: z.enum(TYPOLOGIES).optional(),
    tier: z.enum(TIERS).optional(),
    country: country.optional(),
    sort: z.enum(sortable).default('-revenueWon').describe('A field, descending with a leading "-"'),
  }),
) {}

export const problemSchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('Machine-readable reason, e.g. LEAD_ALREADY_REGISTERED'),
  message: z.string(),
});
export class ProblemDto extends createZodDto(problemSchema) {}

export const commandResultSchema = z
  .object({
    streamId: z.string(),
    revision: z.string(),
    position: z.string().describe('Global position of the last event, as a decimal string; pass it as ?minPosition'),
    eventIds: z.array(z.string()),
  })
  .catchall(z.string());
export class CommandResultDto extends createZodDto(commandResultSchema) {}
