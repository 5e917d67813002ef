import { allPages, awardIncentive, expectProblem, incentiveBody, Json, read, registerLead, registerPartner, uid, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const challengeBody = (overrides: Json = {}): Json => ({
  challengeId: uid('ch'),
  name: 'Q1 deals',
  from: '2026-01-01T00:00:00Z',
  to: '2026-04-01T00:00:00Z',
  metric: 'dealsWon',
  eligibleRoles: ['sales', 'presales', 'technical'],
  ...overrides,
});
const create = (http: Http, body: Json) => http.post('/challenges').send(body);
const award = (http: Http, partnerId: string, overrides: Json) => http.post(`/partners/${partnerId}/incentives`).send(incentiveBody(overrides));
/** A lead won at `occurredAt`: one deal of `amount`. */
async function dealWon(http: Http, partnerId: string, occurredAt: string, amount = '1000.00') {
  const lead = await registerLead(http, partnerId, { occurredAt });
  return winDeal(http, lead.leadId as string, { amount, currency: 'EUR', occurredAt });
}

/** Challenges over HTTP: created with their warnings, awards judged by their terms, leaderboards. */
describe.each(readStoreVariants())('challenges (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  it('creates a challenge for every role without warnings, and one for sales only with a warning (in the answer and on the challenge)', async () => {
    const all = challengeBody();
    const created = await create(ledger.http, all).expect(201);
    expect(created.body).toEqual(expect.objectContaining({ challengeId: all.challengeId, streamId: `challenge-${all.challengeId}`, revision: '0', warnings: [] }));

    const salesOnly = await create(ledger.http, challengeBody({ challengeId: undefined, eligibleRoles: ['sales'], typologies: ['var'] }))
      .set('Idempotency-Key', uid('key'))
      .expect(201);
    expect(salesOnly.body.challengeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(salesOnly.body.warnings).toEqual([expect.stringContaining('leaves out technical and presales staff')]);

    const shown = await read(ledger.http, `/challenges/${salesOnly.body.challengeId}`, salesOnly.body.position);
    expect(shown).toEqual({
      challengeId: salesOnly.body.challengeId, name: 'Q1 deals', from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', metric: 'dealsWon',
      eligibleRoles: ['sales'], typologies: ['var'], warnings: salesOnly.body.warnings,
      awardsByRole: {
        sales: { count: 0, value: '0.00', share: null }, presales: { count: 0, value: '0.00', share: null }, technical: { count: 0, value: '0.00', share: null },
      },
    });
    const listed = (await allPages(ledger.http, '/challenges?limit=1', salesOnly.body.position)).flat();
    expect(listed.map((c) => c['challengeId'])).toEqual(expect.arrayContaining([all.challengeId, salesOnly.body.challengeId]));
  });

  it('refuses a challenge created twice (409) and one that ends before it starts (422), and answers 404 for an unknown one', async () => {
    const body = challengeBody();
    await create(ledger.http, body).expect(201);
    expectProblem(await create(ledger.http, { ...body, name: 'again' }), 409, 'CHALLENGE_ALREADY_EXISTS');
    expectProblem(await create(ledger.http, challengeBody({ to: '2026-01-01T00:00:00Z' })), 422, 'CHALLENGE_ENDS_BEFORE_IT_STARTS');
    expectProblem(await create(ledger.http, challengeBody({ eligibleRoles: [] })), 400, 'VALIDATION_FAILED');
    expectProblem(await ledger.http.get(`/challenges/${uid('none')}`), 404, 'CHALLENGE_NOT_FOUND');
    expectProblem(await ledger.http.get(`/challenges/${uid('none')}/leaderboard`), 404, 'CHALLENGE_NOT_FOUND');
  });

  it('refuses awards in an unknown challenge (404), to a role it leaves out, to a partner of another typology, outside its dates (422)', async () => {
    const { challengeId } = challengeBody({ eligibleRoles: ['sales', 'technical'], typologies: ['integrator'] });
    await create(ledger.http, { ...challengeBody(), challengeId, eligibleRoles: ['sales', 'technical'], typologies: ['integrator'] }).expect(201);
    const { partnerId } = await registerPartner(ledger.http, { typology: 'integrator' });
    const reseller = await registerPartner(ledger.http, { typology: 'var' });
    const inside = '2026-02-01T00:00:00Z';
    const technical = (role = 'technical') => ({ personId: uid('person'), role });

    expectProblem(await award(ledger.http, partnerId, { challengeId: uid('none'), recipient: technical(), occurredAt: inside }), 404, 'CHALLENGE_NOT_FOUND');
    expectProblem(await award(ledger.http, partnerId, { challengeId, recipient: technical('presales'), occurredAt: inside }), 422, 'ROLE_NOT_ELIGIBLE');
    expectProblem(await award(ledger.http, reseller.partnerId, { challengeId, recipient: technical(), occurredAt: inside }), 422, 'PARTNER_NOT_ELIGIBLE');
    expectProblem(await award(ledger.http, partnerId, { challengeId, recipient: technical(), occurredAt: '2026-04-01T00:00:00Z' }), 422, 'OUTSIDE_CHALLENGE');
    const accepted = await award(ledger.http, partnerId, { challengeId, recipient: technical(), occurredAt: inside }).expect(201);
    expect(accepted.body).toEqual(expect.objectContaining({ partnerId, incentiveId: expect.any(String) }));
  });

  it('counts the facts recorded before the challenge was created (a challenge set up on the 15th for a month begun on the 1st)', async () => {
    const [early, late] = await Promise.all([0, 1].map(() => registerPartner(ledger.http, { typology: 'integrator' })));
    await dealWon(ledger.http, early!.partnerId, '2026-05-02T00:00:00Z');
    await dealWon(ledger.http, early!.partnerId, '2026-05-03T00:00:00Z');
    await dealWon(ledger.http, late!.partnerId, '2026-04-30T23:59:59Z'); // before it starts
    const { challengeId } = challengeBody();
    await create(ledger.http, challengeBody({ challengeId, from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' })).expect(201);
    const after = await dealWon(ledger.http, late!.partnerId, '2026-05-20T00:00:00Z');

    const page = await read(ledger.http, `/challenges/${challengeId}/leaderboard`, after.position);
    expect(page['items']).toEqual([
      { rank: 1, partnerId: early!.partnerId, value: 2, reachedAt: '2026-05-03T00:00:00.000Z', awards: { count: 0, value: '0.00' } },
      { rank: 2, partnerId: late!.partnerId, value: 1, reachedAt: '2026-05-20T00:00:00.000Z', awards: { count: 0, value: '0.00' } },
    ]);
  });

  it('ranks the partners taking part by the metric, a tie to whoever reached it first, a page at a time; shows awards by role with their shares', async () => {
    const { challengeId } = challengeBody();
    await create(ledger.http, challengeBody({ challengeId, metric: 'revenueWon', eligibleRoles: ['sales', 'technical'], typologies: ['integrator', 'wholesaler'] })).expect(201);
    const [first, second, third, fourth] = await Promise.all([0, 1, 2, 3].map(() => registerPartner(ledger.http, { typology: 'integrator' })));
    const reseller = await registerPartner(ledger.http, { typology: 'var' });
    // second and third tie at 3000.00; third reached it first.
    await dealWon(ledger.http, first!.partnerId, '2026-01-10T00:00:00Z', '5000.00');
    await dealWon(ledger.http, second!.partnerId, '2026-02-20T00:00:00Z', '3000.00');
    await dealWon(ledger.http, third!.partnerId, '2026-01-05T00:00:00Z', '1000.00');
    await dealWon(ledger.http, third!.partnerId, '2026-02-10T00:00:00Z', '2000.00');
    await dealWon(ledger.http, fourth!.partnerId, '2026-03-01T00:00:00Z', '10.50');
    await dealWon(ledger.http, fourth!.partnerId, '2026-04-01T00:00:00Z', '9000.00'); // after the end: not counted
    await dealWon(ledger.http, reseller.partnerId, '2026-02-01T00:00:00Z', '99999.00'); // not of a typology taking part
    await awardIncentive(ledger.http, first!.partnerId, { challengeId, recipient: { personId: uid('person'), role: 'technical' }, value: { amount: '150.00', currency: 'EUR' }, occurredAt: '2026-03-31T00:00:00Z' });
    await awardIncentive(ledger.http, first!.partnerId, { challengeId, recipient: { personId: uid('person'), role: 'sales' }, value: { amount: '50.00', currency: 'EUR' }, occurredAt: '2026-03-31T00:00:00Z' });
    const last = await awardIncentive(ledger.http, third!.partnerId, { challengeId, recipient: { personId: uid('person'), role: 'technical' }, value: { amount: '100.00', currency: 'EUR' }, occurredAt: '2026-03-31T00:00:00Z' });

    const pages = await allPages(ledger.http, `/challenges/${challengeId}/leaderboard?limit=3`, last.position);
    expect(pages.map((page) => page.length)).toEqual([3, 1]);
    expect(pages.flat()).toEqual([
      { rank: 1, partnerId: first!.partnerId, value: '5000.00', reachedAt: '2026-01-10T00:00:00.000Z', awards: { count: 2, value: '200.00' } },
      { rank: 2, partnerId: third!.partnerId, value: '3000.00', reachedAt: '2026-02-10T00:00:00.000Z', awards: { count: 1, value: '100.00' } },
      { rank: 3, partnerId: second!.partnerId, value: '3000.00', reachedAt: '2026-02-20T00:00:00.000Z', awards: { count: 0, value: '0.00' } },
      { rank: 4, partnerId: fourth!.partnerId, value: '10.50', reachedAt: '2026-03-01T00:00:00.000Z', awards: { count: 0, value: '0.00' } },
    ]);
    expectProblem(await ledger.http.get(`/challenges/${challengeId}/leaderboard?cursor=not-ours`), 400, 'INVALID_CURSOR');

    const challenge = await read(ledger.http, `/challenges/${challengeId}`, last.position);
    expect(challenge['awardsByRole']).toEqual({
      sales: { count: 1, value: '50.00', share: '16.7' },
      presales: { count: 0, value: '0.00', share: '0.0' },
      technical: { count: 2, value: '250.00', share: '83.3' },
    });
  });
});
