import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AwardIncentive, challengeDecider, INCENTIVE_KINDS, INCENTIVE_ROLES, streams } from '@ledger/domain';
import { identifier, instant, label, moneyBody, personalData } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { commandResult } from '../write/command-result';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';

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

/**
 * Decided by the partner's stream. An incentive that names a challenge is judged by the
 * challenge's terms too (404 CHALLENGE_NOT_FOUND, 422 ROLE_NOT_ELIGIBLE, PARTNER_NOT_ELIGIBLE,
 * OUTSIDE_CHALLENGE): its stream is read first, outside the partner's turn. That is safe
 * because a challenge never changes once created: the state read cannot go stale before the
 * partner's stream decides (and a challenge created meanwhile only turns a 404 into a retry).
 */
export const awardIncentive: WorkflowDeclaration<AwardIncentiveCommand> = {
  name: 'AwardIncentive',
  async run({ command: { partnerId, body, context }, ids, occurredAt, program }, writer) {
    const challenge = body.challengeId === undefined ? undefined : await writer.state(streams.challenge(body.challengeId), challengeDecider);
    const command: AwardIncentive = {
      type: 'AwardIncentive',
      partnerId,
      incentiveId: body.incentiveId ?? ids.entityId('incentive'),
      recipient: body.recipient,
      kind: body.kind,
      value: program.money(body.value, 'value.amount'),
      reason: body.reason,
      challengeId: body.challengeId,
      ...(challenge ? { challenge } : {}),
      occurredAt,
    };
    const appended = await writer.execute({ streamId: streams.partner(partnerId), decider: program.partner, command, ids, context, occurredAt });
    const [first] = appended.events;
    return commandResult(appended, { partnerId, incentiveId: first?.type === 'IncentiveAwarded' ? first.data.incentiveId : '' });
  },
};

export class AwardIncentiveCommand extends DeclaredCommand<AwardIncentiveBody> {
  readonly declaration: CommandDeclaration = awardIncentive;
  constructor(readonly partnerId: string, body: AwardIncentiveBody, context: CommandContext) {
    super(body, context);
  }
}
