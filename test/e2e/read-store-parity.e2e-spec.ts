import { describeOnMongoServers } from '@test/support/mongodb-servers';
import { sendActivity } from './support/activity-script';
import { RunningLedger, startLedger } from './support/ledger-harness';

/**
 * The same commands sent to a ledger on the embedded read store and to one on MongoDB give
 * the same answers to every query. Idempotency keys and correlation ids are fixed, so even
 * event ids and metadata match; only each run's own clock (recordedAt, and the hashes and
 * the digest's root, which cover it) and request ids differ.
 */
const QUERIES = [
  '/partners?limit=500',
  '/partners?country=DE&limit=500',
  '/partners?tier=gold&limit=500',
  ...[0, 1, 2, 3].flatMap((i) => [`/partners/par-${i}`, `/partners/par-${i}/scorecards/2026-03`, `/partners/par-${i}/scorecards/2026-02`, `/partners/par-${i}/history?limit=500`]),
  '/scorecards?period=2026-03&limit=500',
  '/scorecards?period=2026-03&sort=-revenueWon&limit=2',
  '/scorecards?period=2026-03&sort=leadsRegistered&typology=var&limit=500',
  '/scorecards?period=2026-02&limit=500',
  '/scorecards?period=2026-04&limit=500',
  // par-0's reversal of 3 April: April's net below zero, ranked by net revenue (the default) and by what was reversed.
  '/partners/par-0/scorecards/2026-04',
  '/scorecards?period=2026-04&sort=netRevenue&limit=500',
  '/scorecards?period=2026-Q2&sort=-revenueReversed&limit=500',
  '/leads/lead-0',
  '/partners/par-0/leads?limit=500',
  '/partners/par-0/leads?status=won&limit=1',
  // A tier's answer is judged at the moment asked (evaluatedAt, left out below).
  ...[0, 1, 2, 3].map((i) => `/partners/par-${i}/tier`),
  // Quiet partners (every one, by 2028) and par-0's gold, lowered when eng-x's network certification expires.
  '/partners/at-risk?asOf=2028-02-01T00:00:00Z&limit=500',
  '/partners/at-risk?asOf=2026-06-15T00:00:00%2B02:00&days=80&limit=2',
  ...['2026-Q1', '2026'].flatMap((period) => [`/partners/par-0/scorecards/${period}`, `/scorecards?period=${period}&limit=500`]),
  '/scorecards?period=2026-03&sort=-attainment.revenueWon&limit=500',
  '/scorecards?period=2026-Q1&sort=attainment.dealsWon&limit=2',
  ...['typology', 'tier', 'country', 'region'].map((groupBy) => `/scorecards/rollup?period=2026-Q1&groupBy=${groupBy}`),
  '/scorecards/rollup?period=2026-03&groupBy=typology',
  '/objectives?limit=500',
  '/objectives?period=2026-03&limit=1',
  '/objectives?typology=var&limit=500',
  '/objectives?partnerId=par-0&limit=500',
  '/challenges?limit=500',
  '/challenges?limit=1',
  '/challenges/ch-march',
  '/challenges/ch-sales',
  '/challenges/ch-march/leaderboard?limit=500',
  '/challenges/ch-leads/leaderboard?limit=2',
  '/challenges/ch-certified/leaderboard?limit=500',
  ...['partner', 'productLine', 'product', 'typology', 'month'].map((groupBy) => `/margins?groupBy=${groupBy}&limit=500`),
  '/margins?groupBy=partner&sort=-marginRate&limit=1',
  '/margins?from=2026-03&to=2026-04-01T00:00:00Z&groupBy=product&productLine=utm',
  '/margins?groupBy=month&partnerId=par-0',
  '/margins/alerts?limit=500',
  '/margins/alerts?partnerId=par-0&from=2026-03&to=2026-05',
  '/margins/drift?months=3&to=2026-05',
  '/margins/drift?productLine=utm&months=2&to=2026-04',
  '/partners/par-coop/coop',
  '/partners/par-0/coop',
  '/coop/claims?limit=500',
  '/coop/claims?status=pending&limit=500',
  '/coop/claims?partnerId=par-coop&limit=1',
  ...['activity', 'typology', 'tier'].map((groupBy) => `/coop/roi?groupBy=${groupBy}`),
  '/coop/roi?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z',
  // Its root covers recordedAt, each ledger's own: the same size and last position (the tree itself: audit-tree.int-spec.ts on both stores).
  '/audit/digest',
  // Who did what: every event in the order recorded, and searches by type, partner and business time.
  '/audit/events?limit=500',
  '/audit/events?type=DealWon,DealReversed&time=occurred&limit=2',
  '/audit/events?partnerId=par-0&time=occurred&from=2026-03&to=2026-04-03&limit=500',
  '/audit/events?actor=anonymous&source=http&type=LeadRegistered&limit=500',
];

/**
 * recordedAt is each ledger's own clock and causationId its own request id; so are an
 * objective's setAt and its ObjectiveSet's occurredAt (a setting takes effect when received),
 * and the occurredAt of program rules and challenges recorded without one (the audit search shows them).
 * An event's hash and prevHash cover these, so they differ too, and so does the digest's root
 * (and its time, `at`).
 */
const RECEIVED_AT = new Set(['ObjectiveSet', 'ProgramRulesPublished', 'ChallengeCreated']);
const comparable = (body: unknown): unknown =>
  JSON.parse(JSON.stringify(body), function (this: Record<string, unknown>, key, value) {
    if (['recordedAt', 'causationId', 'setAt', 'hash', 'prevHash', 'rootHash', 'at', 'evaluatedAt'].includes(key)) return undefined;
    return key === 'occurredAt' && RECEIVED_AT.has(this['type'] as string) ? undefined : value;
  });

describeOnMongoServers('read-store parity: embedded and MongoDB answer alike', (url, server) => {
  let embedded: RunningLedger;
  let mongo: RunningLedger;

  beforeAll(async () => {
    embedded = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' });
    mongo = await startLedger({ name: 'MongoDB', env: { MONGODB_URL: url, MONGODB_DB: `parity_${Date.now()}` }, toString: () => `MongoDB on ${server.name}` });
  });
  afterAll(async () => {
    await embedded?.close();
    await mongo?.close();
  });

  it('gives the same answer to every query after the same commands', async () => {
    const position = await sendActivity([embedded, mongo]);
    for (const query of QUERIES) {
      const separator = query.includes('?') ? '&' : '?';
      const [a, b] = await Promise.all([embedded, mongo].map((ledger) => ledger.http.get(`${query}${separator}minPosition=${position}`)));
      expect({ query, status: b!.status }).toEqual({ query, status: a!.status });
      expect({ query, body: comparable(b!.body) }).toEqual({ query, body: comparable(a!.body) });
    }
    // The comparison is not vacuous: the answers hold the recorded activity.
    const scorecards = (await embedded.http.get('/scorecards?period=2026-03&sort=-revenueWon')).body.items;
    expect(scorecards[0]).toMatchObject({ partnerId: 'par-0', revenueWon: '1250.10', tier: 'gold' });
    const ranked = (await embedded.http.get('/scorecards?period=2026-03&sort=-attainment.revenueWon')).body.items;
    expect(ranked[0]).toMatchObject({ partnerId: 'par-0', targets: { revenueWon: '1000.00' }, attainment: { revenueWon: '125.0' } });
    const leaderboard = (await embedded.http.get('/challenges/ch-march/leaderboard')).body.items;
    expect(leaderboard.map((entry: { partnerId: string; value: string }) => [entry.partnerId, entry.value])).toEqual([['par-0', '1250.10'], ['par-1', '400.00'], ['par-2', '0.00']]);
    const wins = (await embedded.http.get('/audit/events?type=DealWon,DealReversed&time=occurred&limit=2')).body;
    expect({ items: wins.items.length, more: wins.nextCursor !== null }).toEqual({ items: 2, more: true });
    expect((await embedded.http.get('/partners/par-0/leads?limit=500')).body.items.length).toBeGreaterThan(0);
    expect((await embedded.http.get('/partners/par-0/tier')).body.engineers.length).toBeGreaterThan(0);
    const coop = (await embedded.http.get('/partners/par-coop/coop')).body;
    expect(coop).toMatchObject({ granted: '500.00', pending: '50.00', approved: '200.00', rejected: '120.50', available: '250.00' });
    expect(coop.activities[1]).toEqual({ activity: 'seminar', spend: '200.00', leadsAttributed: 1, dealsWon: 1, revenueWon: '3000.00', roi: '15.00' });
  });
});
