import { closeLead } from '../../leads';
import { onPartnerStream } from '../../partners';
import { CommandContext } from '../../write/command-context';
import { commandResult } from '../../write/command-result';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../../write/declared-command';

/**
 * The due work's sweeps, one stream at a time, for the demo. `POST /leads/expire-due` and
 * `POST /tiers/reevaluate` list whom to visit from read models, which the demo does not run
 * (its projectors catch up when the ledger starts): what a sweep would record then depends on
 * how far they got. The demo names each lead and partner itself, as its plan decided them, and
 * the same streams decide the same commands (ExpireLead, ReevaluateTier) as in a sweep.
 */

/** One lead's expiry as `POST /leads/expire-due` decides it: at `occurredAt`, then its project released. */
export const expireLead: WorkflowDeclaration<DemoExpireLeadCommand> = {
  name: 'ExpireLead',
  async run({ command: { leadId, context }, ids, occurredAt, program }, writer) {
    const appended = await closeLead(writer, program, { command: { type: 'ExpireLead', leadId, asOf: occurredAt }, ids, context, occurredAt });
    return commandResult(appended, { leadId });
  },
};

export class DemoExpireLeadCommand extends DeclaredCommand<{ occurredAt: string }> {
  readonly declaration: CommandDeclaration = expireLead;
  constructor(readonly leadId: string, body: { occurredAt: string }, context: CommandContext) {
    super(body, context);
  }
}

/** One partner's tier judged again by the version in force at `asOf`, as `POST /tiers/reevaluate` does for each. */
export const reevaluateTier = onPartnerStream<DemoReevaluateTierCommand>(
  'ReevaluateTier',
  ({ command: { partnerId, body }, occurredAt }) => ({ type: 'ReevaluateTier', partnerId, asOf: body.asOf, occurredAt }),
);

export class DemoReevaluateTierCommand extends DeclaredCommand<{ asOf: string; occurredAt: string }> {
  readonly declaration: CommandDeclaration = reevaluateTier;
  constructor(readonly partnerId: string, body: { asOf: string; occurredAt: string }, context: CommandContext) {
    super(body, context);
  }
}
