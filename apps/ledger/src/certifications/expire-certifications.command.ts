import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { instant } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/** POST /partners/:partnerId/certifications/expire. */
export const expireCertificationsBody = z.strictObject({
  asOf: instant.optional(),
  occurredAt: instant.optional(),
});
export type ExpireCertificationsBody = z.infer<typeof expireCertificationsBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class ExpireCertificationsDto extends createZodDto(expireCertificationsBody) {}

/** Records the certifications that have lapsed by `asOf` (default: now) and the tier that follows. */
export const expireCertifications = onPartnerStream<ExpireCertificationsCommand>('ExpireCertifications', ({ command: { partnerId, body, context }, occurredAt }) => ({
  type: 'ExpireCertifications', partnerId, asOf: body.asOf ?? context.receivedAt, occurredAt,
}));

export class ExpireCertificationsCommand extends DeclaredCommand<ExpireCertificationsBody> {
  readonly declaration: CommandDeclaration = expireCertifications;
  constructor(readonly partnerId: string, body: ExpireCertificationsBody, context: CommandContext) {
    super(body, context);
  }
}
