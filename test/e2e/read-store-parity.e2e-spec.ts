import { describeOnMongoServers } from '@test/support/mongodb-servers';
import { RunningLedger, startLedger } from './support/ledger-harness';

/**
 * The same commands sent to a ledger on the embedded read store and to one on MongoDB give
 * the same answers to every query. Idempotency keys and correlation ids are fixed, so even
 * event ids and metadata match; only each run's own clock (recordedAt) and request ids differ.
 */
type Step = { path: string; body: object; at: string };

const at = (day: number, month = 3) => `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`;
const SCRIPT: Step[] = [
  ...['integrator', 'var', 'isv', 'wholesaler'].map((typology, i) => ({
    path: '/partners', body: { partnerId: `par-${i}`, name: `Partner ${i}`, typology, territory: { country: i % 2 ? 'DE' : 'FR' } }, at: at(1),
  })),
  ...[0, 1, 2, 3].flatMap((i) => [
    { path: `/partners/par-${i}/leads`, body: { leadId: `lead-${i}`, customer: { id: `cust-${i}`, name: 'C' }, project: 'Firewall', estimatedValue: { amount: `${100 * (i + 1)}.50`, currency: 'EUR' } }, at: at(2) },
    { path: `/partners/par-${i}/certifications`, body: { engineerId: `eng-${i}`, productLine: 'utm' }, at: at(3) },
  ]),
  { path: '/partners/par-0/certifications', body: { engineerId: 'eng-x', productLine: 'network' }, at: at(4) },
  { path: '/leads/lead-0/won', body: { amount: '1250.10', currency: 'EUR', lines: [{ productLine: 'utm', product: 'U', revenue: '1250.10', margin: '100' }] }, at: at(20) },
  { path: '/leads/lead-2/won', body: { amount: '99.99', currency: 'EUR' }, at: at(28, 2) }, // late: lands in February
  { path: '/partners/par-1/incentives', body: { recipient: { personId: 'p', role: 'technical' }, kind: 'trip', value: { amount: '700', currency: 'EUR' }, reason: 'r' }, at: at(5) },
];

const QUERIES = [
  '/partners?limit=500',
  '/partners?country=DE&limit=500',
  '/partners?tier=gold&limit=500',
  ...[0, 1, 2, 3].flatMap((i) => [`/partners/par-${i}`, `/partners/par-${i}/scorecards/2026-03`, `/partners/par-${i}/scorecards/2026-02`, `/partners/par-${i}/history?limit=500`]),
  '/scorecards?period=2026-03&limit=500',
  '/scorecards?period=2026-03&sort=-revenueWon&limit=2',
  '/scorecards?period=2026-03&sort=leadsRegistered&typology=var&limit=500',
  '/scorecards?period=2026-02&limit=500',
];

/** recordedAt is each ledger's own clock and causationId its own request id. */
const comparable = (body: unknown): unknown =>
  JSON.parse(JSON.stringify(body), (key, value) => (key === 'recordedAt' || key === 'causationId' ? undefined : value));

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
    let position = '0';
    for (const [n, step] of SCRIPT.entries()) {
      const answers = await Promise.all(
        [embedded, mongo].map((ledger) =>
          ledger.http.post(step.path).set('Idempotency-Key', `parity-${n}`).set('X-Correlation-Id', `corr-${n}`).send({ ...step.body, occurredAt: step.at }).expect(201),
        ),
      );
      expect(answers[1]!.body).toEqual(answers[0]!.body);
      position = answers[0]!.body.position;
    }
    for (const query of QUERIES) {
      const separator = query.includes('?') ? '&' : '?';
      const [a, b] = await Promise.all([embedded, mongo].map((ledger) => ledger.http.get(`${query}${separator}minPosition=${position}`)));
      expect({ query, status: b!.status }).toEqual({ query, status: a!.status });
      expect({ query, body: comparable(b!.body) }).toEqual({ query, body: comparable(a!.body) });
    }
    // The comparison is not vacuous: the answers hold the recorded activity.
    const scorecards = (await embedded.http.get('/scorecards?period=2026-03&sort=-revenueWon')).body.items;
    expect(scorecards[0]).toMatchObject({ partnerId: 'par-0', revenueWon: '1250.10', tier: 'gold' });
  });
});
