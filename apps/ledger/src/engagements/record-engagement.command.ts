import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ENGAGEMENT_KINDS } from '@ledger/domain';
import { identifier, instant, label } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/**
 * A rating's shape is checked here (400): from 1 to 5, one decimal at most. The partner's
 * stream checks it again (422 INVALID_SATISFACTION) for any caller that skips this schema.
 */
export const satisfaction = z
  .number()
  .min(1)
  .max(5)
  .multipleOf(0.1)
  .describe('The attendees\' rating, from 1 to 5 with one decimal at most (e.g. 4.5); anything else is 400 VALIDATION_FAILED');

/** POST /partners/:partnerId/engagements and Kafka EngagementRecorded. */
export const recordEngagementBody = z.strictObject({
  engagementId: identifier.optional().describe('Chosen by the client; derived from the Idempotency-Key when absent, and answered'),
  kind: z.enum(ENGAGEMENT_KINDS),
  name: label(),
  attendees: z.number().int().min(0).max(1_000_000).optional().describe('How many of the partner\'s people came: a count, nobody is named'),
  satisfaction: satisfaction.optional(),
  occurredAt: instant.optional(),
});
export type RecordEngagementBody = z.infer<typeof recordEngagementBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class RecordEngagementDto extends createZodDto(recordEngagementBody) {}

// A rating of one decimal arrives as the nearest double (2.9000000000000004 is 29 × 0.1): recorded as the decimal it means.
const tenthsOf = (rating: number) => Math.round(rating * 10) / 10;

export const recordEngagement = onPartnerStream<RecordEngagementCommand>(
  'RecordEngagement',
  ({ command: { partnerId, body }, ids, occurredAt }) => ({
    type: 'RecordEngagement',
    partnerId,
    engagementId: body.engagementId ?? ids.entityId('engagement'),
    kind: body.kind,
    name: body.name,
    attendees: body.attendees,
    satisfaction: body.satisfaction === undefined ? undefined : tenthsOf(body.satisfaction),
    occurredAt,
  }),
  ({ events: [first] }) => ({ engagementId: first?.type === 'EngagementRecorded' ? first.data.engagementId : '' }),
);

export class RecordEngagementCommand extends DeclaredCommand<RecordEngagementBody> {
  readonly declaration: CommandDeclaration = recordEngagement;
  constructor(readonly partnerId: string, body: RecordEngagementBody, context: CommandContext) {
    super(body, context);
  }
}
