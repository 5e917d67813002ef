import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { coopClaimIdDecider, PartnerCommand, refuse, streams } from '@ledger/domain';
import { instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { commandResult } from '../write/command-result';
import { CommandDeclaration, CommandInput, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';

/** POST /coop/claims/:claimId/approve. */
export const approveCoopClaimBody = z.strictObject({ occurredAt: instant.optional() });
export type ApproveCoopClaimBody = z.infer<typeof approveCoopClaimBody>;
export class ApproveCoopClaimDto extends createZodDto(approveCoopClaimBody) {}

/** POST /coop/claims/:claimId/reject. */
export const rejectCoopClaimBody = z.strictObject({ reason: label(500), occurredAt: instant.optional() });
export type RejectCoopClaimBody = z.infer<typeof rejectCoopClaimBody>;
export class RejectCoopClaimDto extends createZodDto(rejectCoopClaimBody) {}

type ClaimDecision = ApproveCoopClaimCommand | RejectCoopClaimCommand;

/**
 * An admin's decision on a claim named by its id alone: the claim id's stream says whose it
 * is (404 COOP_CLAIM_NOT_FOUND when no partner took it), then that partner's stream decides
 * (409 COOP_CLAIM_NOT_PENDING, 422 COOP_BALANCE_EXCEEDED). The pointer never changes once
 * taken, so reading it outside the partner's turn cannot go stale.
 */
function onClaimPartner<T extends ClaimDecision>(name: string, decision: (input: CommandInput<T>, partnerId: string) => PartnerCommand): WorkflowDeclaration<T> {
  return {
    name,
    async run(input, writer) {
      const { command: { claimId, context }, ids, occurredAt, program } = input;
      const { partnerId } = await writer.state(streams.coopClaim(claimId), coopClaimIdDecider);
      if (partnerId === undefined) throw refuse.notFound('COOP_CLAIM_NOT_FOUND', `no partner has a co-op claim ${claimId}`, { claimId });
      const appended = await writer.execute({ streamId: streams.partner(partnerId), decider: program.partner, command: decision(input, partnerId), ids, context, occurredAt });
      return commandResult(appended, { partnerId, claimId });
    },
  };
}

export const approveCoopClaim = onClaimPartner<ApproveCoopClaimCommand>('ApproveCoopClaim', ({ command: { claimId }, occurredAt }, partnerId) => ({
  type: 'ApproveCoopClaim', partnerId, claimId, occurredAt,
}));

export const rejectCoopClaim = onClaimPartner<RejectCoopClaimCommand>('RejectCoopClaim', ({ command: { claimId, body }, occurredAt }, partnerId) => ({
  type: 'RejectCoopClaim', partnerId, claimId, reason: body.reason, occurredAt,
}));

export class ApproveCoopClaimCommand extends DeclaredCommand<ApproveCoopClaimBody> {
  readonly declaration: CommandDeclaration = approveCoopClaim;
  constructor(readonly claimId: string, body: ApproveCoopClaimBody, context: CommandContext) {
    super(body, context);
  }
}

export class RejectCoopClaimCommand extends DeclaredCommand<RejectCoopClaimBody> {
  readonly declaration: CommandDeclaration = rejectCoopClaim;
  constructor(readonly claimId: string, body: RejectCoopClaimBody, context: CommandContext) {
    super(body, context);
  }
}
