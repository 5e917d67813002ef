import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { INCENTIVE_KINDS, INCENTIVE_ROLES } from '@ledger/domain';
import { identifier, instant, label, moneyBody, personalData } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/** POST /partners/:partnerId/incentives and Kafka IncentiveAwarded. */
export const awardIncentiveBody = z.strictObject({
  incentiveId: identifier.optional(),
  recipient: z.strictObject({ personId: personalData(identifier), name: personalData(label()).optional(), role: z.enum(INCENTIVE_ROLES) }),
  kind: z.enum(INCENTIVE_KINDS),
  value: moneyBody,
  reason: personalData(label(500)),
  challengeId: identifier.optional(),
  occurredAt: instant.optional(),
});
export type AwardIncentiveBody = z.infer<typeof awardIncentiveBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class AwardIncentiveDto extends createZodDto(awardIncentiveBody) {}

export const awardIncentive = onPartnerStream<AwardIncentiveCommand>(
  'AwardIncentive',
  ({ command: { partnerId, body }, ids, occurredAt, program }) => ({
    type: 'AwardIncentive',
    partnerId,
    incentiveId: body.incentiveId ?? ids.entityId('incentive'),
    recipient: body.recipient,
    kind: body.kind,
    value: program.money(body.value, 'value.amount'),
    reason: body.reason,
    challengeId: body.challengeId,
    occurredAt,
  }),
  ({ events: [first] }) => ({ incentiveId: first?.type === 'IncentiveAwarded' ? first.data.incentiveId : '' }),
);

export class AwardIncentiveCommand extends DeclaredCommand<AwardIncentiveBody> {
  readonly declaration: CommandDeclaration = awardIncentive;
  constructor(readonly partnerId: string, body: AwardIncentiveBody, context: CommandContext) {
    super(body, context);
  }
}
