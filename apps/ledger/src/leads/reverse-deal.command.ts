import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { formatAmount, LeadCommand, LeadEvent, LeadState, streams } from '@ledger/domain';
import { amount, identifier, instant, label } from '../contracts/fields';
import { commandResultSchema } from '../http/dto';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /leads/:leadId/reversal and Kafka DealReversed. */
export const reverseDealBody = z.strictObject({
  reversalId: identifier.optional().describe('Names this reversal (default: derived from the Idempotency-Key, else random); a second reversal with the same id is refused'),
  amount: amount.optional().describe('What is taken back, in the ledger\'s currency (default: all that remains of the deal)'),
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
      ...(body.amount === undefined ? {} : { amount: program.money({ amount: body.amount, currency: program.rules.currency }, 'amount') }),
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
};

export class ReverseDealCommand extends DeclaredCommand<ReverseDealBody> {
  readonly declaration = reverseDeal;
  constructor(readonly leadId: string, body: ReverseDealBody, context: CommandContext) {
    super(body, context);
  }
}
