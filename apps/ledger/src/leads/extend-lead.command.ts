import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LeadCommand, LeadEvent, LeadState, streams } from '@ledger/domain';
import { instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /leads/:leadId/extend. */
export const extendLeadBody = z.strictObject({
  reason: label(500).describe('Why the protection is extended (recorded)'),
  occurredAt: instant.optional(),
});
export type ExtendLeadBody = z.infer<typeof extendLeadBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class ExtendLeadDto extends createZodDto(extendLeadBody) {}

/** Moves an open lead's protectedUntil leadExtensionDays later, at most maxLeadExtensions times (the rules in force at occurredAt). */
export const extendLead: StreamCommandDeclaration<ExtendLeadCommand, LeadCommand, LeadState, LeadEvent> = {
  name: 'ExtendLeadProtection',
  decider: (program) => program.lead,
  target: ({ command: { leadId, body }, occurredAt }) => ({
    streamId: streams.lead(leadId),
    command: { type: 'ExtendLeadProtection', leadId, reason: body.reason, occurredAt },
    answer: ({ events: [first] }): Record<string, string | number> =>
      first?.type === 'LeadProtectionExtended' ? { leadId, partnerId: first.data.partnerId, protectedUntil: first.data.protectedUntil, extensions: first.data.extensions } : { leadId },
  }),
};

export class ExtendLeadCommand extends DeclaredCommand<ExtendLeadBody> {
  readonly declaration = extendLead;
  constructor(readonly leadId: string, body: ExtendLeadBody, context: CommandContext) {
    super(body, context);
  }
}
