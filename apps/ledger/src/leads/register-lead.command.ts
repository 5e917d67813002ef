import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Decider, DomainError, LeadRegistration, leadRegistrationWorkflow, LedgerEvent, opportunityDecider, RegistrationStep, streams } from '@ledger/domain';
import { identifier, instant, label, moneyBody } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { CommandIds } from '../write/command-ids';
import { commandResult } from '../write/command-result';
import { DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';
import { leadWithClosing, releaseAfter } from './lead-closing';

/** POST /partners/:partnerId/leads and Kafka LeadRegistered. */
export const registerLeadBody = z.strictObject({
  leadId: identifier.optional(),
  // Compared with case and surrounding spaces ignored (first to register wins).
  customer: z.strictObject({ id: label(100), name: label() }),
  project: label(),
  estimatedValue: moneyBody,
  coopClaimId: identifier.optional().describe('The partner\'s co-op claim (the marketing activity) the lead came from; another partner\'s or an unknown one is refused (422 COOP_CLAIM_NOT_FOUND)'),
  occurredAt: instant.optional(),
});
export type RegisterLeadBody = z.infer<typeof registerLeadBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class RegisterLeadDto extends createZodDto(registerLeadBody) {}

/**
 * First to register wins, run step by step as the domain's lead registration workflow
 * says (libs/domain/src/workflows): admitted, claimed, registered, and released when the
 * lead id turned out to be taken. A retry with the same idempotency key finds its own
 * claim and completes. A claim refused (the project is held) names until when the holder is
 * protected; a holder lost or expired whose release was cut short is released then, and the
 * project claimed again.
 */
export const registerLead: WorkflowDeclaration<RegisterLeadCommand> = {
  name: 'RegisterLead',
  async run({ command: { partnerId, body, context }, ids, occurredAt, program }, writer) {
    const workflow = leadRegistrationWorkflow(program.rules);
    const leadId = body.leadId ?? ids.entityId('lead');
    const estimatedValue = program.money(body.estimatedValue, 'estimatedValue.amount');
    const request: LeadRegistration = {
      leadId, partnerId, customer: body.customer, project: body.project, estimatedValue, occurredAt, ...(body.coopClaimId === undefined ? {} : { coopClaimId: body.coopClaimId }),
    };
    const append = <C, S, E extends LedgerEvent>(step: RegistrationStep<C>, decider: Decider<C, S, E>, stepIds = ids) =>
      writer.execute({ streamId: step.streamId, decider, command: step.command, ids: stepIds, context, occurredAt });

    const turns = workflow.admit(request, await writer.state(streams.partner(partnerId), program.partner));
    // Every turn is taken before anything is appended: refused for overload, the
    // registration leaves no claim behind.
    return writer.exclusive(turns, async () => {
      const { claim, register } = workflow.plan(request, await writer.state(streams.lead(leadId), program.lead));
      const claimHeld = async (error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== 'LEAD_ALREADY_REGISTERED' || !claim) throw error;
        const holder = (await writer.state(claim.streamId, opportunityDecider)).holder;
        if (!holder) throw error;
        const holding = await writer.state(streams.lead(holder.leadId), leadWithClosing(program));
        const next = workflow.onClaimRefused(error, holding);
        if ('refusal' in next) throw next.refusal;
        await releaseAfter(writer, holding.closed!, context);
        return append(claim, opportunityDecider);
      };
      const claimed = claim ? await append(claim, opportunityDecider).catch(claimHeld) : undefined;
      const appended = await append(register, program.lead).catch(async (error: unknown) => {
        const fresh = claimed !== undefined && claimed.events.length > 0 && !claimed.duplicate;
        const release = workflow.onRegisterRefused(request, error, fresh);
        if (release) await append(release, opportunityDecider, new CommandIds('ReleaseOpportunity', context));
        throw error;
      });
      return commandResult(appended, { partnerId, leadId });
    });
  },
};

export class RegisterLeadCommand extends DeclaredCommand<RegisterLeadBody> {
  readonly declaration = registerLead;
  constructor(readonly partnerId: string, body: RegisterLeadBody, context: CommandContext) {
    super(body, context);
  }
}
