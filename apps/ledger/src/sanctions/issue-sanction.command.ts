import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { identifier, instant, label } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/** POST /partners/:partnerId/sanctions: a loyalty offence (a lead taken to a competitor). */
export const issueSanctionBody = z.strictObject({
  reason: label(500),
  leadId: identifier.optional().describe('The lead taken to a competitor, when known'),
  occurredAt: instant.optional(),
});
export type IssueSanctionBody = z.infer<typeof issueSanctionBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class IssueSanctionDto extends createZodDto(issueSanctionBody) {}

/** Yellow card, or red (and a suspension) when a yellow one is held within the loyalty window of the rules in force at the offence. */
export const issueSanction = onPartnerStream<IssueSanctionCommand>(
  'IssueSanction',
  ({ command: { partnerId, body }, occurredAt }) => ({ type: 'IssueSanction', partnerId, reason: body.reason, leadId: body.leadId, occurredAt }),
  ({ events: [first] }) => {
    if (first?.type !== 'SanctionIssued') return {};
    const { card, suspendedUntil } = first.data;
    return { card, ...(suspendedUntil ? { suspendedUntil } : {}) };
  },
);

export class IssueSanctionCommand extends DeclaredCommand<IssueSanctionBody> {
  readonly declaration: CommandDeclaration = issueSanction;
  constructor(readonly partnerId: string, body: IssueSanctionBody, context: CommandContext) {
    super(body, context);
  }
}
