import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DueWork } from '../due-work/due-work';
import { dueWorkContext } from '../due-work/due-work-context';
import { ExpireDueLeadsAnswer, ExpireDueLeadsCommand } from './expire-due-leads.command';

/** Due work: every open lead whose protection ran out, expired and its customer project freed (as POST /leads/expire-due). */
@Injectable()
export class LeadExpiryWork implements DueWork {
  readonly name = 'lead expiry';

  constructor(private readonly commands: CommandBus) {}

  async run(asOf: string): Promise<string> {
    const done: ExpireDueLeadsAnswer = await this.commands.execute(new ExpireDueLeadsCommand({ asOf }, dueWorkContext('lead-expiry', asOf)));
    return `${done.expired} leads expired`;
  }
}
