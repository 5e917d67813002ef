import { ChallengeCreated } from '../events';
import { specFor } from '../testing/given-when-then';
import { challengeDecider, CreateChallenge } from './challenge.decider';

const spec = specFor(challengeDecider);

const create = (changes: Partial<CreateChallenge> = {}): CreateChallenge => ({
  type: 'CreateChallenge', challengeId: 'ch-1', name: 'Q1 push', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z',
  metric: 'dealsWon', eligibleRoles: ['sales', 'presales', 'technical'], ...changes,
});
const created = (changes: Partial<ChallengeCreated['data']> = {}): ChallengeCreated => ({
  type: 'ChallengeCreated',
  data: {
    challengeId: 'ch-1', name: 'Q1 push', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'dealsWon',
    eligibleRoles: ['sales', 'presales', 'technical'], warnings: [], ...changes,
  },
});

describe('challengeDecider', () => {
  it('creates a challenge that rewards every role, without warnings', () => spec([]).when(create()).then([created()]));

  it('keeps the typologies it names, each once, and each role once', () =>
    spec([])
      .when(create({ typologies: ['integrator', 'integrator', 'var'], eligibleRoles: ['technical', 'presales', 'sales', 'sales'] }))
      .then([created({ typologies: ['integrator', 'var'], eligibleRoles: ['technical', 'presales', 'sales'] })]));

  it('accepts a challenge for sales only, with a warning that it leaves out technical and pre-sales staff', () =>
    spec([])
      .when(create({ eligibleRoles: ['sales'] }))
      .then([
        created({
          eligibleRoles: ['sales'],
          warnings: ['eligibleRoles leaves out technical and presales staff: the program\'s advice is to reward technical and pre-sales people, not only sales'],
        }),
      ]));

  it.each([[['sales', 'technical']], [['presales']], [['technical']]] as const)('does not warn about a challenge for %j: it rewards more than sales', (eligibleRoles) =>
    spec([]).when(create({ eligibleRoles: [...eligibleRoles] })).then([created({ eligibleRoles: [...eligibleRoles] })]));

  it('refuses to create a challenge twice', () => spec([created()]).when(create()).thenRefused('CHALLENGE_ALREADY_EXISTS'));

  it.each([
    ['ends when it starts', '2026-01-01T00:00:00Z'],
    ['ends before it starts', '2025-12-31T23:59:59Z'],
  ])('refuses a challenge that %s', (_, to) => spec([]).when(create({ to })).thenRefused('CHALLENGE_ENDS_BEFORE_IT_STARTS'));
});
