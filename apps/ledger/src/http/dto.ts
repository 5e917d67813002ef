import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SANCTION_CARDS } from '@ledger/domain';
import { identifier } from '../contracts/fields';
import { freshnessQuery } from '../read-models/paging';

/** HTTP shapes shared by the routes of several capabilities (each command's body DTO sits beside its declaration). */
export class PartnerParams extends createZodDto(z.strictObject({ partnerId: identifier })) {}
export class LeadParams extends createZodDto(z.strictObject({ leadId: identifier })) {}

export class FreshnessQuery extends createZodDto(z.strictObject(freshnessQuery)) {}

/** `?minPosition=` as the queries take it. */
export const minPosition = (value: string | undefined) => (value === undefined ? {} : { minPosition: BigInt(value) });

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
    partnerId: z.string().optional().describe('The partner the command recorded for (given or derived)'),
    leadId: z.string().optional().describe('The lead registered or won (given or derived)'),
    incentiveId: z.string().optional().describe('The incentive awarded (given or derived)'),
    engagementId: z.string().optional().describe('The engagement recorded (given or derived)'),
    version: z.number().int().min(1).optional().describe('The program rules version published (PUT /program): 1, 2, 3, …'),
    card: z.enum(SANCTION_CARDS).optional().describe('The loyalty card recorded (POST /partners/:partnerId/sanctions)'),
    claimId: z.string().optional().describe('The co-op claim submitted, approved or rejected (given or derived)'),
    suspendedUntil: z.string().optional().describe('A red card: until when the partner cannot register leads'),
  })
  .catchall(z.string());
export class CommandResultDto extends createZodDto(commandResultSchema) {}
