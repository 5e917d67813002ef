import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { partnerIdOf } from '@ledger/domain';
import { instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { commandResult } from '../write/command-result';
import { DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';
import { closeLead } from './lead-closing';

/** POST /leads/:leadId/lost. */
export const loseLeadBody = z.strictObject({
  reason: label(500).describe('Why the lead was lost (recorded)'),
  occurredAt: instant.optional(),
});
export type LoseLeadBody = z.infer<typeof loseLeadBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class LoseLeadDto extends createZodDto(loseLeadBody) {}

/** Records LeadLost on the lead's stream, then gives its customer project back (the opportunity stream's release). */
export const loseLead: WorkflowDeclaration<LoseLeadCommand> = {
  name: 'LoseLead',
  async run({ command: { leadId, body, context }, ids, occurredAt, program }, writer) {
    const appended = await closeLead(writer, program, { command: { type: 'LoseLead', leadId, reason: body.reason, occurredAt }, ids, context, occurredAt });
    const [first] = appended.events;
    return commandResult(appended, { leadId, partnerId: (first && partnerIdOf(first)) ?? '' });
  },
};

export class LoseLeadCommand extends DeclaredCommand<LoseLeadBody> {
  readonly declaration = loseLead;
  constructor(readonly leadId: string, body: LoseLeadBody, context: CommandContext) {
    super(body, context);
  }
}
