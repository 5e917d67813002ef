import { projectionSpecFor, GivenEvent } from '../read-models/testing/projection-spec';
import { hoursBefore, LOOK_BACK_DAYS } from './challenge-standings';
import { challengesProjection } from './challenges.projection';

const spec = projectionSpecFor(challengesProjection);
const created = (changes: Partial<Extract<GivenEvent, { type: 'ChallengeCreated' }>['data']> = {}): GivenEvent => ({
  type: 'ChallengeCreated',
  occurredAt: '2026-01-05T08:00:00Z',
  data: {
    challengeId: 'ch-1', name: 'Q1 deals', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'dealsWon',
    eligibleRoles: ['sales', 'presales', 'technical'], warnings: [], ...changes,
  },
});
const registered = (partnerId: string, typology: 'integrator' | 'var' = 'integrator'): GivenEvent => ({
  type: 'PartnerRegistered', occurredAt: '2025-06-01T00:00:00Z', data: { partnerId, name: partnerId, typology, territory: { country: 'FR' } },
});
const won = (partnerId: string, occurredAt: string, minor = 100_00): GivenEvent => ({
  type: 'DealWon', occurredAt, data: { leadId: `lead-${partnerId}-${occurredAt}`, partnerId, amount: { minor, currency: 'EUR' }, lines: [] },
});
const awarded = (partnerId: string, role: 'sales' | 'presales' | 'technical', minor: number, challengeId = 'ch-1'): GivenEvent => ({
  type: 'IncentiveAwarded',
  occurredAt: '2026-02-01T00:00:00Z',
  data: { partnerId, incentiveId: `inc-${partnerId}-${role}-${minor}`, recipient: { personId: 'e-1', role }, kind: 'voucher', value: { minor, currency: 'EUR' }, reason: 'won', challengeId },
});
const reversed = (partnerId: string, wonAt: string, occurredAt: string, minor: number, won = 100_00): GivenEvent => ({
  type: 'DealReversed', occurredAt,
  data: {
    leadId: `lead-${partnerId}-${wonAt}`, partnerId, reversalId: `r-${occurredAt}`, amount: { minor, currency: 'EUR' }, reason: 'refund', lines: [],
    totalReversed: { minor, currency: 'EUR' }, wonAmount: { minor: won, currency: 'EUR' },
  },
});
const entry = (partnerId: string, value: number, reachedAt: string | null, awards = { count: 0, value: 0 }, challengeId = 'ch-1') => ({
  challengeId, partnerId, value, ...(reachedAt ? { reachedAt } : {}), awards,
  rankKey: `${String(9_999_999_999_999_999n - BigInt(value)).padStart(17, '0')}|${reachedAt ?? '~'}`,
});

describe('challenges projection', () => {
  it('ranks a tie by who reached the figure first', () =>
    spec
      .given([
        registered('p-a'), registered('p-b'), created(),
        won('p-b', '2026-01-10T00:00:00Z'), won('p-a', '2026-01-12T00:00:00Z'), won('p-a', '2026-01-20T00:00:00Z'), won('p-b', '2026-01-15T00:00:00Z'),
      ])
      .thenIn('challenge_leaderboard', {
        // Both won 2 deals: p-b reached 2 on the 15th, p-a on the 20th.
        'ch-1/p-a': entry('p-a', 2, '2026-01-20T00:00:00.000Z'),
        'ch-1/p-b': entry('p-b', 2, '2026-01-15T00:00:00.000Z'),
      }));

  it('orders entries so that the tie is won by the first to reach it', () => {
    const rank = (value: number, reachedAt: string) => entry('x', value, reachedAt).rankKey;
    expect([rank(2, '2026-01-20T00:00:00.000Z'), rank(3, '2026-03-01T00:00:00.000Z'), rank(2, '2026-01-15T00:00:00.000Z')].sort()).toEqual([
      rank(3, '2026-03-01T00:00:00.000Z'), rank(2, '2026-01-15T00:00:00.000Z'), rank(2, '2026-01-20T00:00:00.000Z'),
    ]);
  });

  it('counts only the facts within [from, to) and of the challenge\'s metric', () =>
    spec
      .given([
        registered('p-a'), created({ metric: 'revenueWon' }),
        won('p-a', '2025-12-31T23:59:59Z', 1_000_00), // before it starts
        won('p-a', '2026-01-01T00:00:00Z', 250_00), // its first instant
        won('p-a', '2026-04-01T00:00:00Z', 1_000_00), // its end, excluded
        { type: 'LeadRegistered', occurredAt: '2026-02-01T00:00:00Z', data: { leadId: 'l', partnerId: 'p-a', customer: { id: 'c', name: 'C' }, project: 'x', opportunityKey: 'k', estimatedValue: { minor: 1, currency: 'EUR' } } },
      ])
      .thenIn('challenge_leaderboard', { 'ch-1/p-a': entry('p-a', 250_00, '2026-01-01T00:00:00.000Z') }));

  it('does not rank a partner of a typology the challenge leaves out', () =>
    spec
      .given([registered('p-int', 'integrator'), registered('p-var', 'var'), created({ typologies: ['integrator'] }), won('p-int', '2026-02-01T00:00:00Z'), won('p-var', '2026-02-01T00:00:00Z')])
      .thenIn('challenge_leaderboard', { 'ch-1/p-int': entry('p-int', 1, '2026-02-01T00:00:00.000Z') }));

  it('counts the facts recorded before the challenge was created, in its dates, of the partners taking part; the next ones add to them', () =>
    spec
      .given([
        registered('p-int', 'integrator'), registered('p-var', 'var'), registered('p-quiet', 'integrator'),
        won('p-int', '2025-12-31T00:00:00Z'), // before it starts
        won('p-int', '2026-01-02T00:00:00Z'), won('p-int', '2026-01-03T00:00:00Z'), won('p-var', '2026-01-02T00:00:00Z'), won('p-quiet', '2026-01-04T00:00:00Z'),
        created({ typologies: ['integrator'] }), // on 5 January
        won('p-int', '2026-01-06T00:00:00Z'),
      ])
      .thenIn('challenge_leaderboard', {
        'ch-1/p-int': entry('p-int', 3, '2026-01-06T00:00:00.000Z'),
        // No fact since the challenge was created: its entry is the creation's.
        'ch-1/p-quiet': entry('p-quiet', 1, '2026-01-04T00:00:00.000Z'),
      }));

  it('keeps what the creation found as where a partner\'s standing starts, an award included', () =>
    spec
      .given([registered('p-a'), won('p-a', '2026-01-02T00:00:00Z'), created(), awarded('p-a', 'technical', 10_00)])
      .thenIn('challenge_standings', {
        'p-a': { partnerId: 'p-a', typology: 'integrator', standings: [{ challengeId: 'ch-1', value: 1, reachedAt: '2026-01-02T00:00:00.000Z', awards: { count: 1, value: 10_00 } }] },
      }));

  it('reads at most the hours from the start to the creation, within LOOK_BACK_DAYS', () => {
    const hours = hoursBefore({ from: '2026-01-30T12:30:00Z', to: '2026-04-01T00:00:00Z' }, '2026-02-02T08:15:00Z');
    expect([hours[0], hours[1], hours.at(-1), hours.length]).toEqual(['2026-01-30T12', '2026-01-30T13', '2026-02-02T08', 12 + 24 + 24 + 9]);
    expect(hoursBefore({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T02:00:00Z' }, '2026-06-01T00:00:00Z')).toEqual(['2026-01-01T00', '2026-01-01T01']);
    expect(hoursBefore({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, '2026-02-01T00:00:00Z')).toEqual([]);
    expect(hoursBefore({ from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }, '2026-01-01T00:00:00Z')).toHaveLength(LOOK_BACK_DAYS * 24);
  });

  it('sums awards by role on the challenge, and by partner on the leaderboard', () =>
    spec
      .given([
        registered('p-a'), registered('p-b'), created({ eligibleRoles: ['sales', 'technical'], warnings: ['w'] }),
        won('p-a', '2026-01-10T00:00:00Z'),
        awarded('p-a', 'technical', 150_00), awarded('p-a', 'sales', 50_00), awarded('p-b', 'technical', 100_00),
      ])
      .then({
        challenge_partners: { all: { partners: [{ partnerId: 'p-a', typology: 'integrator' }, { partnerId: 'p-b', typology: 'integrator' }] } },
        challenge_hours: { '2026-01-10T00': { facts: [{ partnerId: 'p-a', occurredAt: '2026-01-10T00:00:00.000Z', metric: 'dealsWon', amount: 1 }, { partnerId: 'p-a', occurredAt: '2026-01-10T00:00:00.000Z', metric: 'revenueWon', amount: 100_00 }] } },
        'challenge_terms': { all: { challenges: [{ challengeId: 'ch-1', from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', metric: 'dealsWon' }] } },
        challenges: {
          'ch-1': {
            challengeId: 'ch-1', name: 'Q1 deals', from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', metric: 'dealsWon',
            eligibleRoles: ['sales', 'technical'], warnings: ['w'],
            awardsByRole: { sales: { count: 1, value: 50_00 }, presales: { count: 0, value: 0 }, technical: { count: 2, value: 250_00 } },
          },
        },
        'challenge_standings': {
          'p-a': {
            partnerId: 'p-a', typology: 'integrator',
            standings: [{ challengeId: 'ch-1', value: 1, reachedAt: '2026-01-10T00:00:00.000Z', awards: { count: 2, value: 200_00 } }],
          },
          'p-b': { partnerId: 'p-b', typology: 'integrator', standings: [{ challengeId: 'ch-1', value: 0, awards: { count: 1, value: 100_00 } }] },
        },
        'challenge_leaderboard': {
          'ch-1/p-a': entry('p-a', 1, '2026-01-10T00:00:00.000Z', { count: 2, value: 200_00 }),
          'ch-1/p-b': entry('p-b', 0, null, { count: 1, value: 100_00 }),
        },
      }));

  it('takes an award recorded by an earlier release in a challenge never created as no award in a challenge: a challenge created later under that id starts clean', () =>
    spec
      .given([registered('p-a'), awarded('p-a', 'sales', 50_00, 'ch-old'), created({ challengeId: 'ch-old' })])
      .thenIn('challenge_leaderboard', {}));

  it('scores one fact in every challenge it counts in', () =>
    spec
      .given([registered('p-a'), created(), created({ challengeId: 'ch-2', metric: 'revenueWon' }), won('p-a', '2026-01-10T00:00:00Z', 99_00)])
      .thenIn('challenge_leaderboard', { 'ch-1/p-a': entry('p-a', 1, '2026-01-10T00:00:00.000Z'), 'ch-2/p-a': entry('p-a', 99_00, '2026-01-10T00:00:00.000Z', undefined, 'ch-2') }));

  it('ranks revenueWon net of the reversals in its dates: a deal refunded after the challenge ends keeps its revenue there', () =>
    spec
      .given([
        registered('p-a'), registered('p-b'), created({ metric: 'revenueWon' }),
        won('p-a', '2026-01-10T00:00:00Z', 1_000_00), reversed('p-a', '2026-01-10T00:00:00Z', '2026-02-03T00:00:00Z', 300_00, 1_000_00),
        won('p-b', '2026-01-11T00:00:00Z', 800_00), reversed('p-b', '2026-01-11T00:00:00Z', '2026-04-02T00:00:00Z', 800_00, 800_00),
      ])
      .thenIn('challenge_leaderboard', {
        'ch-1/p-a': entry('p-a', 700_00, '2026-02-03T00:00:00.000Z'),
        'ch-1/p-b': entry('p-b', 800_00, '2026-01-11T00:00:00.000Z'),
      }));

  it('ranks a partner whose reversals in the dates exceed its wins there (a deal won before it) below zero, after every partner at zero or more', () => {
    spec
      .given([registered('p-a'), created({ metric: 'revenueWon' }), won('p-a', '2025-12-20T00:00:00Z', 500_00), reversed('p-a', '2025-12-20T00:00:00Z', '2026-01-04T00:00:00Z', 200_00, 500_00)])
      .thenIn('challenge_leaderboard', { 'ch-1/p-a': entry('p-a', -200_00, '2026-01-04T00:00:00.000Z') });
    const rank = (value: number) => entry('x', value, '2026-01-04T00:00:00.000Z').rankKey;
    expect([rank(-200_00), rank(0), rank(1), rank(-1)].sort()).toEqual([rank(1), rank(0), rank(-1), rank(-200_00)]);
  });
});
