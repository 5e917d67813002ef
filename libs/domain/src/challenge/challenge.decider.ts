import { Decider } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { assertInstant } from '../shared/instant';
import { ChallengeCreated, ChallengeEvent } from '../events';
import { ChallengeMetric, IncentiveRole, Typology } from '../program/program-rules';

export interface CreateChallenge {
  readonly type: 'CreateChallenge';
  readonly challengeId: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly metric: ChallengeMetric;
  readonly eligibleRoles: readonly IncentiveRole[];
  readonly typologies?: readonly Typology[];
}

export type ChallengeTerms = ChallengeCreated['data'];

export type ChallengeState = { readonly created: false } | { readonly created: true; readonly terms: ChallengeTerms };

/** The roles the program's advice says a challenge should reward besides sales. */
const BEYOND_SALES: readonly IncentiveRole[] = ['technical', 'presales'];

/** One challenge's stream: created once; its terms then judge every incentive awarded in it. */
export const challengeDecider: Decider<CreateChallenge, ChallengeState, ChallengeEvent> = {
  initialState: { created: false },
  decide(command, state) {
    const { challengeId, name, metric, typologies } = command;
    if (state.created) throw refuse.conflict('CHALLENGE_ALREADY_EXISTS', `challenge ${challengeId} already exists`, { challengeId });
    const from = assertInstant(command.from, 'from');
    const to = assertInstant(command.to, 'to');
    if (Date.parse(to) <= Date.parse(from)) throw refuse.rule('CHALLENGE_ENDS_BEFORE_IT_STARTS', 'a challenge\'s to must be after its from', { challengeId });
    const eligibleRoles = [...new Set(command.eligibleRoles)];
    // The advice is against rewarding sales alone: a challenge that names technical or pre-sales staff follows it.
    const warnings = BEYOND_SALES.some((role) => eligibleRoles.includes(role))
      ? []
      : ['eligibleRoles leaves out technical and presales staff: the program\'s advice is to reward technical and pre-sales people, not only sales'];
    return [
      {
        type: 'ChallengeCreated',
        data: { challengeId, name, from, to, metric, eligibleRoles, ...(typologies?.length ? { typologies: [...new Set(typologies)] } : {}), warnings },
      },
    ];
  },
  evolve: (_state, event) => ({ created: true, terms: event.data }),
};

/**
 * Why an incentive cannot be awarded in a challenge, or undefined when it can: the challenge
 * must exist, name the recipient's role, take the partner's typology, and be running when
 * the incentive occurs ([from, to)).
 */
export function challengeAwardRefusal(
  challenge: ChallengeState,
  award: { challengeId: string; role: IncentiveRole; typology: Typology; occurredAt: string },
): DomainError | undefined {
  const { challengeId, role, typology, occurredAt } = award;
  if (!challenge.created) return refuse.notFound('CHALLENGE_NOT_FOUND', `challenge ${challengeId} does not exist`, { challengeId });
  const { terms } = challenge;
  if (!terms.eligibleRoles.includes(role)) {
    return refuse.rule('ROLE_NOT_ELIGIBLE', `challenge ${challengeId} rewards ${terms.eligibleRoles.join(', ')} staff, not ${role}`, { challengeId, role });
  }
  if (terms.typologies && !terms.typologies.includes(typology)) {
    return refuse.rule('PARTNER_NOT_ELIGIBLE', `challenge ${challengeId} is for ${terms.typologies.join(', ')} partners, not ${typology}`, { challengeId, typology });
  }
  const at = Date.parse(occurredAt);
  if (at < Date.parse(terms.from) || at >= Date.parse(terms.to)) {
    return refuse.rule('OUTSIDE_CHALLENGE', `challenge ${challengeId} runs from ${terms.from} to ${terms.to} (excluded); this incentive occurred at ${occurredAt}`, {
      challengeId,
    });
  }
  return undefined;
}
