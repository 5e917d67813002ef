import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { streams } from '@ledger/domain';
import { instant } from '../contracts/fields';
import { PartnerRoster, SweepResult } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';

/** POST /certifications/expire-due. */
export const expireDueCertificationsBody = z.strictObject({
  asOf: instant.optional(),
  occurredAt: instant.optional(),
});
export type ExpireDueCertificationsBody = z.infer<typeof expireDueCertificationsBody>;
export class ExpireDueCertificationsDto extends createZodDto(expireDueCertificationsBody) {}

/**
 * Every partner's lapsed certifications, and the tier that follows: the partners read model
 * says whom to visit, and each partner's stream decides its own ExpireCertifications, in its
 * turn, by the rules in force at occurredAt (as POST /partners/:partnerId/certifications/expire).
 * With an Idempotency-Key, each partner's events derive from it, so a retry records nothing twice.
 */
export const expireDueCertifications: WorkflowDeclaration<ExpireDueCertificationsCommand, SweepResult> = {
  name: 'ExpireDueCertifications',
  run({ command, ids, occurredAt, program }, writer) {
    const asOf = command.body.asOf ?? command.context.receivedAt;
    return command.roster.sweep(asOf, (partnerId) =>
      writer.execute({
        streamId: streams.partner(partnerId),
        decider: program.partner,
        command: { type: 'ExpireCertifications', partnerId, asOf, occurredAt },
        ids,
        context: command.context,
        occurredAt,
      }),
    );
  },
};

export class ExpireDueCertificationsCommand extends DeclaredCommand<ExpireDueCertificationsBody> {
  readonly declaration: CommandDeclaration = expireDueCertifications;
  constructor(body: ExpireDueCertificationsBody, context: CommandContext, readonly roster: PartnerRoster) {
    super(body, context);
  }
}
