import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CHALLENGE_METRICS, ChallengeEvent, challengeDecider, ChallengeState, CreateChallenge, INCENTIVE_ROLES, streams, TYPOLOGIES } from '@ledger/domain';
import { commandResultSchema } from '../http/dto';
import { identifier, instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** POST /challenges and Kafka ChallengeCreated. */
export const createChallengeBody = z.strictObject({
  challengeId: identifier.optional().describe('Derived from the Idempotency-Key (or random) when left out'),
  name: label(),
  from: instant.describe('When the challenge starts (included)'),
  to: instant.describe('When it ends (excluded); after from (422 CHALLENGE_ENDS_BEFORE_IT_STARTS)'),
  metric: z.enum(CHALLENGE_METRICS).describe('What ranks partners on the leaderboard, over [from, to)'),
  eligibleRoles: z
    .array(z.enum(INCENTIVE_ROLES))
    .min(1)
    .max(INCENTIVE_ROLES.length * 4)
    .describe('Whose incentives may be awarded in it; leaving out technical or pre-sales staff is accepted with a warning'),
  typologies: z.array(z.enum(TYPOLOGIES)).max(TYPOLOGIES.length * 4).optional().describe('The only typologies that take part; every one when left out'),
});
export type CreateChallengeBody = z.infer<typeof createChallengeBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class CreateChallengeDto extends createZodDto(createChallengeBody) {}

/** The answer: the usual one, with the challenge's id and what the program's advice says against it. */
export class ChallengeCreatedResponse extends createZodDto(
  commandResultSchema.extend({
    challengeId: z.string().describe('The challenge created (given or derived)'),
    warnings: z.array(z.string()).describe('What the program\'s advice says against it (no technical or pre-sales staff); empty when nothing'),
  }),
) {}

/** Decided by the challenge's own stream: created once, its terms never change after. */
export const createChallenge: StreamCommandDeclaration<CreateChallengeCommand, CreateChallenge, ChallengeState, ChallengeEvent> = {
  name: 'CreateChallenge',
  decider: () => challengeDecider,
  target: ({ command: { body }, ids }) => {
    const challengeId = body.challengeId ?? ids.entityId('challenge');
    return {
      streamId: streams.challenge(challengeId),
      command: { type: 'CreateChallenge', name: body.name, from: body.from, to: body.to, metric: body.metric, eligibleRoles: body.eligibleRoles, typologies: body.typologies, challengeId },
      answer: ({ events: [created] }) => ({ challengeId, warnings: created?.data.warnings ?? [] }),
    };
  },
};

/**
 * A challenge's dates are its terms, so the HTTP body has no occurredAt (recorded when
 * received); a Kafka message carries when it was set up in its envelope.
 */
export class CreateChallengeCommand extends DeclaredCommand<CreateChallengeBody & { occurredAt?: string }> {
  readonly declaration = createChallenge;
  constructor(body: CreateChallengeBody & { occurredAt?: string }, context: CommandContext) {
    super(body, context);
  }
}
