import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { identifier, instant, label, personalData } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/** POST /partners/:partnerId/certifications and Kafka CertificationEarned. */
export const earnCertificationBody = z.strictObject({
  engineerId: personalData(identifier),
  engineerName: personalData(label()).optional(),
  productLine: identifier,
  occurredAt: instant.optional(),
  expiresAt: instant.optional(),
});
export type EarnCertificationBody = z.infer<typeof earnCertificationBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class EarnCertificationDto extends createZodDto(earnCertificationBody) {}

export const earnCertification = onPartnerStream<EarnCertificationCommand>('EarnCertification', ({ command: { partnerId, body }, occurredAt }) => ({
  type: 'EarnCertification', partnerId, ...body, occurredAt,
}));

export class EarnCertificationCommand extends DeclaredCommand<EarnCertificationBody> {
  readonly declaration: CommandDeclaration = earnCertification;
  constructor(readonly partnerId: string, body: EarnCertificationBody, context: CommandContext) {
    super(body, context);
  }
}
