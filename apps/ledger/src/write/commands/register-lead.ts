import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, opportunityDecider, opportunityKey, refuse, streams } from '@ledger/domain';
import { AppendResult } from '@ledger/event-store';
import { RegisterLeadBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class RegisterLeadCommand {
  constructor(readonly partnerId: string, readonly body: RegisterLeadBody, readonly context: CommandContext) {}
}

/**
 * First to register wins, decided by the event store: the registration first claims the
 * customer project's own stream (the first append to it wins), then opens the lead's
 * stream. A retry with the same idempotency key finds its own claim and completes.
 */
@CommandHandler(RegisterLeadCommand)
export class RegisterLeadHandler implements ICommandHandler<RegisterLeadCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ partnerId, body, context }: RegisterLeadCommand): Promise<CommandResult> {
    const ids = new CommandIds('RegisterLead', context);
    const leadId = body.leadId ?? ids.entityId('lead');
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const estimatedValue = this.program.money(body.estimatedValue, 'estimatedValue.amount');

    const partner = await this.writer.state(streams.partner(partnerId), this.program.partner);
    if (!partner.registered) throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId });
    // Money is checked before the claim so that a refused registration holds nothing.
    if (estimatedValue.currency !== this.program.rules.currency) {
      throw refuse.rule('CURRENCY_NOT_ACCEPTED', `estimatedValue: the ledger keeps amounts in ${this.program.rules.currency}, not ${estimatedValue.currency}`);
    }

    const key = opportunityKey(body.customer.id, body.project);
    // Both streams' turns are taken before anything is appended: refused for overload, the
    // registration leaves no claim behind.
    return this.writer.exclusive([streams.opportunity(key), streams.lead(leadId)], async () => {
      const lead = await this.writer.state(streams.lead(leadId), this.program.lead);
      // An existing lead already made its claim: the lead append below either answers a
      // retry from what was recorded or refuses the taken id, and no new claim is made.
      let claim: AppendResult | undefined;
      if (lead.status === 'unregistered') {
        claim = await this.writer.execute({
          streamId: streams.opportunity(key),
          decider: opportunityDecider,
          command: { type: 'ClaimOpportunity', opportunityKey: key, leadId, partnerId },
          ids,
          context,
          occurredAt,
        });
      }
      const appended = await this.writer
        .execute({
          streamId: streams.lead(leadId),
          decider: this.program.lead,
          command: { type: 'RegisterLead', leadId, partnerId, customer: body.customer, project: body.project, opportunityKey: key, estimatedValue, occurredAt },
          ids,
          context,
          occurredAt,
        })
        .catch(async (error: unknown) => {
          // Another registration took this lead id between our look and our claim: give the
          // project back so that a refused registration holds nothing.
          if (claim && claim.events.length > 0 && !claim.duplicate && error instanceof DomainError && error.code === 'LEAD_ID_TAKEN') {
            await this.writer.execute({
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
  }
}
