import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { instant, label } from '../contracts/fields';
import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';

/** POST /partners/:partnerId/sanctions/lift: ends a red card's suspension early. */
export const liftSuspensionBody = z.strictObject({
  reason: label(500),
  occurredAt: instant.optional(),
});
export type LiftSuspensionBody = z.infer<typeof liftSuspensionBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class LiftSuspensionDto extends createZodDto(liftSuspensionBody) {}

export const liftSuspension = onPartnerStream<LiftSuspensionCommand>(
  'LiftSuspension',
  ({ command: { partnerId, body }, occurredAt }) => ({ type: 'LiftSuspension', partnerId, reason: body.reason, occurredAt }),
);

export class LiftSuspensionCommand extends DeclaredCommand<LiftSuspensionBody> {
  readonly declaration: CommandDeclaration = liftSuspension;
  constructor(readonly partnerId: string, body: LiftSuspensionBody, context: CommandContext) {
    super(body, context);
  }
}
