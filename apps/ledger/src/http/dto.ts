import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  awardIncentiveBody, earnCertificationBody, expireCertificationsBody, registerLeadBody, registerPartnerBody, winDealBody,
} from '../contracts/commands.schemas';
import { identifier } from '../contracts/fields';
import { freshnessQuery } from '../read-models/paging';

/** HTTP shapes, built from the transport-neutral schemas so validation and OpenAPI agree. */
export class RegisterPartnerDto extends createZodDto(registerPartnerBody) {}
export class RegisterLeadDto extends createZodDto(registerLeadBody) {}
export class WinDealDto extends createZodDto(winDealBody) {}
export class EarnCertificationDto extends createZodDto(earnCertificationBody) {}
export class ExpireCertificationsDto extends createZodDto(expireCertificationsBody) {}
export class AwardIncentiveDto extends createZodDto(awardIncentiveBody) {}

export class PartnerParams extends createZodDto(z.strictObject({ partnerId: identifier })) {}
export class LeadParams extends createZodDto(z.strictObject({ leadId: identifier })) {}

export class FreshnessQuery extends createZodDto(z.strictObject(freshnessQuery)) {}

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
