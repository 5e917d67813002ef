import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { instant } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { CommandIds } from '../write/command-ids';
import { ProgramVersions } from '../write/program';
import { StreamWriter } from '../write/stream-writer';
import { closeLead } from './lead-closing';
import { leadsDueForExpiry } from './lead-register.queries';

/** POST /leads/expire-due. */
export const expireDueLeadsBody = z.strictObject({
  asOf: instant.optional().describe('Expire the open leads whose protectedUntil is at or before this instant (default: now)'),
});
export type ExpireDueLeadsBody = z.infer<typeof expireDueLeadsBody>;
export class ExpireDueLeadsDto extends createZodDto(expireDueLeadsBody) {}

export const expireDueLeadsAnswer = z.object({
  asOf: z.string(),
  expired: z.number().int().describe('How many leads this request expired'),
  leadIds: z.array(z.string()).describe('The leads it expired'),
  position: z.string().describe('Global position of the last event it appended ("0" when none): pass it as ?minPosition= to read what followed'),
  eventIds: z.array(z.string()),
});
export type ExpireDueLeadsAnswer = z.infer<typeof expireDueLeadsAnswer>;
export class ExpireDueLeadsResponse extends createZodDto(expireDueLeadsAnswer) {}

export class ExpireDueLeadsCommand {
  constructor(readonly body: ExpireDueLeadsBody, readonly context: CommandContext) {}
}

/**
 * Expires every open lead whose protection has run out by asOf. The list comes from the
 * `leads` read model; each expiry is decided by the lead's own stream (a lead won, lost,
 * expired or extended since is left as it is), and each expired lead's customer project is
 * released. The facts are recorded as occurring at asOf.
 */
@CommandHandler(ExpireDueLeadsCommand)
export class ExpireDueLeadsHandler implements ICommandHandler<ExpireDueLeadsCommand, ExpireDueLeadsAnswer> {
  constructor(
    private readonly writer: StreamWriter,
    private readonly versions: ProgramVersions,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async execute({ body, context }: ExpireDueLeadsCommand): Promise<ExpireDueLeadsAnswer> {
    const asOf = body.asOf ?? context.receivedAt;
    const program = await this.versions.at(asOf);
    // Event ids derive from the request's idempotency key and each lead's stream.
    const ids = new CommandIds('ExpireLead', context);
    const leadIds: string[] = [];
    const eventIds: string[] = [];
    let position = 0n;
    for await (const { leadId } of leadsDueForExpiry(this.store, asOf)) {
      const appended = await closeLead(this.writer, program, { command: { type: 'ExpireLead', leadId, asOf }, ids, context, occurredAt: asOf });
      if (appended.duplicate || appended.events.length === 0) continue;
      leadIds.push(leadId);
      eventIds.push(...appended.events.map((e) => e.eventId));
      if (appended.position > position) position = appended.position;
    }
    return { asOf, expired: leadIds.length, leadIds, position: position.toString(), eventIds };
  }
}
