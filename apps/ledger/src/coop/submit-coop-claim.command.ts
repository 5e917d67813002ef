import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { COOP_ACTIVITIES, coopClaimIdDecider, refuse, streams, SubmitCoopClaim } from '@ledger/domain';
import { amountOrMoney, currency, identifier, instant, label, moneyOf, positiveAmount } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { commandResult } from '../write/command-result';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';

/** POST /partners/:partnerId/coop/claims and Kafka CoopClaimSubmitted. */
export const submitCoopClaimBody = z.strictObject({
  claimId: identifier.optional().describe('The claim\'s id, once in the ledger (default: derived from the Idempotency-Key, else random)'),
  activity: z.enum(COOP_ACTIVITIES).describe('What the claim paid for'),
  amount: amountOrMoney(positiveAmount).describe('What the activity cost: a decimal string (in `currency`, default the ledger\'s), or `{ amount, currency }`'),
  currency: currency.optional().describe('The currency of a decimal-string amount (default: the ledger\'s)'),
  description: label(500),
  occurredAt: instant.optional(),
});
export type SubmitCoopClaimBody = z.infer<typeof submitCoopClaimBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class SubmitCoopClaimDto extends createZodDto(submitCoopClaimBody) {}

/**
 * Two steps: the claim id is taken on its own stream (`coop-claim-<id>`, first partner keeps
 * it: 409 COOP_CLAIM_ID_TAKEN), so that an approval naming only the claim finds its partner;
 * then the partner's stream decides the claim against its balance (422 COOP_BALANCE_EXCEEDED).
 * The partner is looked at first so that an unknown one takes no id. A claim refused for its
 * balance leaves its id taken by the partner, who may submit it again.
 */
export const submitCoopClaim: WorkflowDeclaration<SubmitCoopClaimCommand> = {
  name: 'SubmitCoopClaim',
  async run({ command: { partnerId, body, context }, ids, occurredAt, program }, writer) {
    const partner = await writer.state(streams.partner(partnerId), program.partner);
    if (!partner.registered) throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId });
    const claimId = body.claimId ?? ids.entityId('coop-claim');
    await writer.execute({
      streamId: streams.coopClaim(claimId), decider: coopClaimIdDecider, command: { type: 'ReserveCoopClaimId', claimId, partnerId }, ids, context, occurredAt,
    });
    const command: SubmitCoopClaim = {
      type: 'SubmitCoopClaim', partnerId, claimId, activity: body.activity, amount: moneyOf(body.amount, body.currency, program.rules.currency, 'amount'), description: body.description, occurredAt,
    };
    const appended = await writer.execute({ streamId: streams.partner(partnerId), decider: program.partner, command, ids, context, occurredAt });
    return commandResult(appended, { partnerId, claimId });
  },
};

export class SubmitCoopClaimCommand extends DeclaredCommand<SubmitCoopClaimBody> {
  readonly declaration: CommandDeclaration = submitCoopClaim;
  constructor(readonly partnerId: string, body: SubmitCoopClaimBody, context: CommandContext) {
    super(body, context);
  }
}
