import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PartnerCommand, PartnerEvent, partnerIdOf, PartnerState, streams, TYPOLOGIES } from '@ledger/domain';
import { country, identifier, instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /partners and Kafka PartnerRegistered. */
export const registerPartnerBody = z.strictObject({
  partnerId: identifier.optional(),
  name: label(),
  typology: z.enum(TYPOLOGIES),
  territory: z.strictObject({ country, region: label(100).optional() }),
  occurredAt: instant.optional(),
});
export type RegisterPartnerBody = z.infer<typeof registerPartnerBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class RegisterPartnerDto extends createZodDto(registerPartnerBody) {}

export const registerPartner: StreamCommandDeclaration<RegisterPartnerCommand, PartnerCommand, PartnerState, PartnerEvent> = {
  name: 'RegisterPartner',
  decider: (program) => program.partner,
  target: ({ command: { body }, ids, occurredAt }) => {
    const partnerId = body.partnerId ?? ids.entityId('partner');
    return {
      streamId: streams.partner(partnerId),
      command: { type: 'RegisterPartner', partnerId, name: body.name, typology: body.typology, territory: body.territory, occurredAt },
      answer: ({ events: [first] }) => ({ partnerId: (first && partnerIdOf(first)) ?? partnerId }),
    };
  },
};

export class RegisterPartnerCommand extends DeclaredCommand<RegisterPartnerBody> {
  readonly declaration = registerPartner;
  constructor(body: RegisterPartnerBody, context: CommandContext) {
    super(body, context);
  }
}

