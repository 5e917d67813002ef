import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { formatAmount, LeadCommand, LeadEvent, LeadState, streams } from '@ledger/domain';
import { amountOrMoney, currency, identifier, instant, label, moneyOf, positiveAmount } from '../contracts/fields';
import { commandResultSchema } from '../http/dto';
import { coopFollowUp } from '../coop';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /leads/:leadId/reversal and Kafka DealReversed. */
export const reverseDealBody = z.strictObject({
  reversalId: identifier.optional().describe('Names this reversal (default: derived from the Idempotency-Key, else random); a second reversal with the same id is refused'),
  amount: amountOrMoney(positiveAmount).optional().describe('What is taken back: a decimal string (in `currency`, default the ledger\'s) or `{ amount, currency }`; default: all that remains of the deal'),
  currency: currency.optional().describe('The currency of a decimal-string amount (default: the ledger\'s; another is refused with 422 CURRENCY_NOT_ACCEPTED)'),
  reason: label(500).describe('Why the deal is cancelled or refunded (recorded)'),
  occurredAt: instant.optional(),
});
export type ReverseDealBody = z.infer<typeof reverseDealBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class ReverseDealDto extends createZodDto(reverseDealBody) {}

const decimal = (description: string) => z.string().describe(description);
/** What POST /leads/:leadId/reversal answers, for the OpenAPI document. */
export class ReverseDealResultDto extends createZodDto(
  commandResultSchema.extend({
    reversalId: z.string().optional().describe('The reversal recorded (given or derived)'),
    amount: decimal('What this reversal took back').optional(),
    totalReversed: decimal('What every reversal of the deal took back so far').optional(),
    remaining: decimal('What is left of the deal to reverse').optional(),
    currency: z.string().optional(),
  }),
) {}

/**
 * Cancels a won deal or refunds part of it: DealReversed on the lead's stream, which knows what
 * was won and what its reversals took back already (so their sum never exceeds the deal). The
 * co-op clawback follows from the event, not from here.
 */
export const reverseDeal: StreamCommandDeclaration<ReverseDealCommand, LeadCommand, LeadState, LeadEvent> = {
  name: 'ReverseDeal',
  decider: (program) => program.lead,
  target: ({ command: { leadId, body }, ids, occurredAt, program }) => ({
    streamId: streams.lead(leadId),
    command: {
      type: 'ReverseDeal',
      leadId,
      reversalId: body.reversalId ?? ids.entityId('reversal'),
      ...(body.amount === undefined ? {} : { amount: moneyOf(body.amount, body.currency, program.rules.currency, 'amount') }),
      reason: body.reason,
      occurredAt,
    },
    answer: ({ events: [first] }): Record<string, string> => {
      if (first?.type !== 'DealReversed') return { leadId };
      const { partnerId, reversalId, amount: reversed, totalReversed, wonAmount } = first.data;
      return {
        leadId, partnerId, reversalId,
        amount: formatAmount(reversed.minor),
        totalReversed: formatAmount(totalReversed.minor),
        remaining: formatAmount(wonAmount.minor - totalReversed.minor),
        currency: reversed.currency,
      };
    },
  }),
  // The co-op accrual (clawback) follows in the same request; the co-op reactor records it otherwise.
  follow: (appended, { program }, writer, config) => coopFollowUp(appended, program, writer, config),
};

export class ReverseDealCommand extends DeclaredCommand<ReverseDealBody> {
  readonly declaration = reverseDeal;
  constructor(readonly leadId: string, body: ReverseDealBody, context: CommandContext) {
    super(body, context);
  }
}
