import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LeadCommand, LeadEvent, LeadState, partnerIdOf, streams } from '@ledger/domain';
import { amount, identifier, instant, label, moneyBody } from '../contracts/fields';
import { coopFollowUp } from '../coop';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /leads/:leadId/won and Kafka DealWon. */
export const winDealBody = z.strictObject({
  amount,
  currency: moneyBody.shape.currency,
  occurredAt: instant.optional(),
  lines: z
    .array(z.strictObject({ productLine: identifier, product: label(), revenue: amount, margin: amount }))
    .max(200)
    .optional(),
});
export type WinDealBody = z.infer<typeof winDealBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class WinDealDto extends createZodDto(winDealBody) {}

export const winDeal: StreamCommandDeclaration<WinDealCommand, LeadCommand, LeadState, LeadEvent> = {
  name: 'WinDeal',
  decider: (program) => program.lead,
  target: ({ command: { leadId, body }, occurredAt, program }) => {
    const money = (value: string, field: string) => program.money({ amount: value, currency: body.currency }, field);
    return {
      streamId: streams.lead(leadId),
      command: {
        type: 'WinDeal',
        leadId,
        amount: money(body.amount, 'amount'),
        lines: (body.lines ?? []).map((line, i) => ({
          productLine: line.productLine,
          product: line.product,
          revenue: money(line.revenue, `lines[${i}].revenue`),
          margin: money(line.margin, `lines[${i}].margin`),
        })),
        occurredAt,
      },
      answer: ({ events: [first] }) => ({ leadId, partnerId: (first && partnerIdOf(first)) ?? '' }),
    };
  },
  // The co-op accrual (clawback) follows in the same request; the co-op reactor records it otherwise.
  follow: (appended, { program }, writer, config) => coopFollowUp(appended, program, writer, config),
};

export class WinDealCommand extends DeclaredCommand<WinDealBody> {
  readonly declaration = winDeal;
  constructor(readonly leadId: string, body: WinDealBody, context: CommandContext) {
    super(body, context);
  }
}
