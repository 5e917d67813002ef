import { z } from 'zod';
import { DomainError, opportunityDecider, opportunityKey, refuse, streams } from '@ledger/domain';
import { AppendResult } from '@ledger/event-store';
import { identifier, instant, label, moneyBody } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { CommandIds } from '../write/command-ids';
import { commandResult } from '../write/command-result';
import { DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';

/** POST /partners/:partnerId/leads and Kafka LeadRegistered. */
export const registerLeadBody = z.strictObject({
  leadId: identifier.optional(),
  // Compared with case and surrounding spaces ignored (first to register wins).
  customer: z.strictObject({ id: label(100), name: label() }),
  project: label(),
  estimatedValue: moneyBody,
  occurredAt: instant.optional(),
});
export type RegisterLeadBody = z.infer<typeof registerLeadBody>;

/**
 * First to register wins, decided by the event store: the registration first claims the
 * customer project's own stream (the first append to it wins), then opens the lead's
 * stream. A retry with the same idempotency key finds its own claim and completes.
 */
export const registerLead: WorkflowDeclaration<RegisterLeadCommand> = {
  name: 'RegisterLead',
  async run({ command: { partnerId, body, context }, ids, occurredAt, program }, writer) {
    const leadId = body.leadId ?? ids.entityId('lead');
    const estimatedValue = program.money(body.estimatedValue, 'estimatedValue.amount');

    const partner = await writer.state(streams.partner(partnerId), program.partner);
    if (!partner.registered) throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId });
    // Money is checked before the claim so that a refused registration holds nothing.
    if (estimatedValue.currency !== program.rules.currency) {
      throw refuse.rule('CURRENCY_NOT_ACCEPTED', `estimatedValue: the ledger keeps amounts in ${program.rules.currency}, not ${estimatedValue.currency}`);
    }

    const key = opportunityKey(body.customer.id, body.project);
    // Both streams' turns are taken before anything is appended: refused for overload, the
    // registration leaves no claim behind.
    return writer.exclusive([streams.opportunity(key), streams.lead(leadId)], async () => {
      const lead = await writer.state(streams.lead(leadId), program.lead);
      // An existing lead already made its claim: the lead append below either answers a
      // retry from what was recorded or refuses the taken id, and no new claim is made.
      let claim: AppendResult | undefined;
      if (lead.status === 'unregistered') {
        claim = await writer.execute({
          streamId: streams.opportunity(key),
          decider: opportunityDecider,
          command: { type: 'ClaimOpportunity', opportunityKey: key, leadId, partnerId },
          ids,
          context,
          occurredAt,
        });
      }
      const appended = await writer
        .execute({
          streamId: streams.lead(leadId),
          decider: program.lead,
          command: { type: 'RegisterLead', leadId, partnerId, customer: body.customer, project: body.project, opportunityKey: key, estimatedValue, occurredAt },
          ids,
          context,
          occurredAt,
        })
        .catch(async (error: unknown) => {
          // Another registration took this lead id between our look and our claim: give the
          // project back so that a refused registration holds nothing.
          if (claim && claim.events.length > 0 && !claim.duplicate && error instanceof DomainError && error.code === 'LEAD_ID_TAKEN') {
            await writer.execute({
              streamId: streams.opportunity(key),
              decider: opportunityDecider,
              command: { type: 'ReleaseOpportunity', opportunityKey: key, leadId, reason: `lead id ${leadId} was taken by another registration` },
              ids: new CommandIds('ReleaseOpportunity', context),
              context,
              occurredAt,
            });
          }
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
