import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  Json, allPages, earnCertification, expectProblem, read, registerLead, registerPartner, uid, winDeal,
} from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const none = { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null };

async function setObjective(http: Http, scope: string, period: string, body: Json): Promise<Json> {
  const response = await http.put(`/objectives/${scope}/${period}`).send(body);
  if (response.status !== 201) throw new Error(`PUT /objectives/${scope}/${period}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Json;
}

async function leadWon(http: Http, partnerId: string, amount: string, occurredAt: string) {
  const { leadId } = await registerLead(http, partnerId, { occurredAt });
  return winDeal(http, leadId, { amount, currency: 'EUR', occurredAt });
}

/**
 * Objectives and attainment over HTTP: targets of a typology and of a partner (overriding it
 * metric by metric), scorecards of a month, quarter and year measured against them, the
 * ranking by attainment and the roll-ups.
 */
describe.each(readStoreVariants())('objectives and attainment (%s)', (variant) => {
  let ledger: RunningLedger;
  let http: Http;
  let head: string;
  const a = uid('obj-a'); // var, Bretagne: its own revenue target
  const b = uid('obj-b'); // var, Normandie: its typology's targets
  const c = uid('obj-c'); // integrator, no region: no target at all

  beforeAll(async () => {
    ledger = await startLedger(variant);
    http = ledger.http;
    await registerPartner(http, { partnerId: a, typology: 'var', territory: { country: 'FR', region: 'Bretagne' }, occurredAt: '2025-12-01T00:00:00Z' });
    await registerPartner(http, { partnerId: b, typology: 'var', territory: { country: 'FR', region: 'Normandie' }, occurredAt: '2025-12-01T00:00:00Z' });
    await registerPartner(http, { partnerId: c, typology: 'integrator', territory: { country: 'DE' }, occurredAt: '2025-12-01T00:00:00Z' });

    await setObjective(http, 'typologies/var', '2026-01', { revenueWon: '1000.00', dealsWon: 2, leadsRegistered: 4, certifiedEngineers: 2 });
    await setObjective(http, 'typologies/var', '2026-Q1', { revenueWon: '5000.00', dealsWon: 4 });
    await setObjective(http, 'typologies/var', '2026', { revenueWon: '20000.00' });
    await setObjective(http, `partners/${a}`, '2026-01', { revenueWon: '500.00' });

    await leadWon(http, a, '300.00', '2026-01-10T10:00:00Z');
    await leadWon(http, a, '150.00', '2026-01-20T10:00:00Z');
    // one engineer, certified in January until mid-February
    await earnCertification(http, a, { productLine: 'utm', occurredAt: '2026-01-05T00:00:00Z', expiresAt: '2026-02-15T00:00:00Z' });
    await leadWon(http, b, '875.00', '2026-01-15T10:00:00Z');
    await registerLead(http, c, { occurredAt: '2026-01-25T10:00:00Z' });
    await leadWon(http, a, '50.00', '2026-03-30T10:00:00Z');
    // recorded last, occurred in Q1 (February): counted in the quarter and the year
    head = (await leadWon(http, b, '125.00', '2026-02-27T10:00:00Z')).position;
  });
  afterAll(() => ledger?.close());

  const card = (partnerId: string, period: string) => read(http, `/partners/${partnerId}/scorecards/${period}`, head);

  it('answers a typology\'s setting with the command result, on the typology\'s objectives stream', async () => {
    const answer = await setObjective(http, 'typologies/isv', '2026-06', { dealsWon: 1 });
    expect(answer).toEqual(expect.objectContaining({ typology: 'isv', period: '2026-06', streamId: 'objectives-isv', revision: '0', eventIds: [expect.any(String)] }));
    const own = await setObjective(http, `partners/${c}`, '2026-06', { leadsRegistered: 2 });
    expect(own).toEqual(expect.objectContaining({ partnerId: c, period: '2026-06', streamId: `partner-${c}` }));
    head = own['position'];
  });

  it('measures a month against the partner\'s own target, its typology\'s for the other metrics', async () => {
    expect(await card(a, '2026-01')).toEqual(expect.objectContaining({
      partnerId: a, period: '2026-01', typology: 'var', region: 'Bretagne', tier: 'silver',
      leadsRegistered: 2, dealsWon: 2, revenueWon: '450.00', certificationsEarned: 1, certifiedEngineers: 1,
      targets: { revenueWon: '500.00', dealsWon: 2, leadsRegistered: 4, certifiedEngineers: 2 },
      attainment: { revenueWon: '90.0', dealsWon: '100.0', leadsRegistered: '50.0', certifiedEngineers: '50.0' },
    }));
    expect(await card(b, '2026-01')).toEqual(expect.objectContaining({
      revenueWon: '875.00', certifiedEngineers: 0,
      targets: { revenueWon: '1000.00', dealsWon: 2, leadsRegistered: 4, certifiedEngineers: 2 },
      attainment: { revenueWon: '87.5', dealsWon: '50.0', leadsRegistered: '25.0', certifiedEngineers: '0.0' },
    }));
    expect(await card(c, '2026-01')).toEqual(expect.objectContaining({ leadsRegistered: 1, region: null, targets: none, attainment: none }));
  });

  it('measures quarters and years against their own targets, never split into months', async () => {
    expect(await card(a, '2026-Q1')).toEqual(expect.objectContaining({
      period: '2026-Q1', dealsWon: 3, revenueWon: '500.00', certifiedEngineers: 0, // the certification lapsed in February
      targets: { revenueWon: '5000.00', dealsWon: 4, leadsRegistered: null, certifiedEngineers: null },
      attainment: { revenueWon: '10.0', dealsWon: '75.0', leadsRegistered: null, certifiedEngineers: null },
    }));
    expect(await card(b, '2026-Q1')).toEqual(expect.objectContaining({ dealsWon: 2, revenueWon: '1000.00', attainment: { revenueWon: '20.0', dealsWon: '50.0', leadsRegistered: null, certifiedEngineers: null } }));
    expect(await card(b, '2026')).toEqual(expect.objectContaining({
      period: '2026', dealsWon: 2, revenueWon: '1000.00', targets: { ...none, revenueWon: '20000.00' }, attainment: { ...none, revenueWon: '5.0' },
    }));
    // February has no target of its own: the quarter's is not split into it
    expect(await card(b, '2026-02')).toEqual(expect.objectContaining({ revenueWon: '125.00', targets: none, attainment: none }));
    expect(await card(a, '2026-02')).toEqual(expect.objectContaining({ certifiedEngineers: 0, revenueWon: '0.00' }));
  });

  it('ranks a period by attainment, either way, those without a target last, a page at a time', async () => {
    const ids = async (query: string) => (await allPages(http, `/scorecards?period=2026-01&${query}`, head)).flat().map((s) => s['partnerId']);
    expect(await ids('sort=-attainment.revenueWon')).toEqual([a, b, c]);
    expect(await ids('sort=attainment.revenueWon')).toEqual([b, a, c]);
    expect(await ids('sort=-attainment.dealsWon&limit=1')).toEqual([a, b, c]);
    expect(await ids('sort=attainment.certifiedEngineers&limit=2')).toEqual([b, a, c]);
    expect(await ids('sort=-attainment.revenueWon&typology=var&limit=1')).toEqual([a, b]);
    const page = await read(http, '/scorecards?period=2026-01&sort=-attainment.revenueWon&limit=1', head);
    expect(page['items'][0]['attainment']['revenueWon']).toBe('90.0');
    // a cursor of another sort is not one of this ranking
    const other = await read(http, '/scorecards?period=2026-01&sort=-revenueWon&limit=1', head);
    expectProblem(await http.get(`/scorecards?period=2026-01&sort=-attainment.revenueWon&cursor=${other['nextCursor']}`), 400, 'INVALID_CURSOR');
    expectProblem(await http.get(`/scorecards?period=2026-01&sort=attainment.revenueWon&cursor=${page['nextCursor']}`), 400, 'INVALID_CURSOR');
    expectProblem(await http.get('/scorecards?period=2026-01&sort=-attainment.revenueWon&cursor=garbage'), 400, 'INVALID_CURSOR');
  });

  it('lists the scorecards of a quarter and of a year', async () => {
    const quarter = (await allPages(http, '/scorecards?period=2026-Q1&sort=partnerId', head)).flat();
    expect(quarter.map((s) => [s['partnerId'], s['period'], s['revenueWon']])).toEqual([[a, '2026-Q1', '500.00'], [b, '2026-Q1', '1000.00'], [c, '2026-Q1', '0.00']]);
    expect((await allPages(http, '/scorecards?period=2026&region=Normandie', head)).flat().map((s) => s['partnerId'])).toEqual([b]);
  });

  it('rolls a period up by typology: sums, summed targets, attainment of the sums, share at or above 100%', async () => {
    const rollup = await read(http, '/scorecards/rollup?period=2026-01&groupBy=typology', head);
    expect(rollup).toEqual({
      period: '2026-01', groupBy: 'typology', items: [
        expect.objectContaining({
          typology: 'integrator', partners: 1, leadsRegistered: 1, revenueWon: '0.00', targets: none, attainment: none, atOrAbove100: none, currency: 'EUR',
        }),
        expect.objectContaining({
          typology: 'var', partners: 2, leadsRegistered: 3, dealsWon: 3, revenueWon: '1325.00', certificationsEarned: 1, certifiedEngineers: 1,
          targets: { revenueWon: '1500.00', dealsWon: 4, leadsRegistered: 8, certifiedEngineers: 4 },
          attainment: { revenueWon: '88.3', dealsWon: '75.0', leadsRegistered: '37.5', certifiedEngineers: '25.0' },
          atOrAbove100: { revenueWon: '0.0', dealsWon: '50.0', leadsRegistered: '0.0', certifiedEngineers: '0.0' },
        }),
      ],
    });
    expect(Object.keys(rollup['items'][0])).not.toContain('tier');
  });

  it.each([
    ['region', [['region', 'Bretagne'], ['region', 'Normandie'], ['region', null]]],
    ['tier', [['tier', 'none'], ['tier', 'silver']]],
    ['country', [['country', 'DE'], ['country', 'FR']]],
  ])('rolls up by %s, a partner in the group its scorecard names, sorted by the key', async (groupBy, keys) => {
    const rollup = await read(http, `/scorecards/rollup?period=2026-Q1&groupBy=${groupBy}`, head);
    expect(rollup['items'].map((g: Json) => [groupBy, g[groupBy]])).toEqual(keys);
    expect(rollup['items'].reduce((sum: number, g: Json) => sum + g['partners'], 0)).toBe(3);
    // asked again on unchanged read models: the same answer
    expect(await read(http, `/scorecards/rollup?period=2026-Q1&groupBy=${groupBy}`, head)).toEqual(rollup);
  });

  it('counts the partners quiet in a period, at zero: in its roll-up and in its ranking by attainment', async () => {
    // February: only b recorded something; a and c were registered and quiet.
    const set = await setObjective(http, 'typologies/var', '2026-02', { dealsWon: 1 });
    const rollup = await read(http, '/scorecards/rollup?period=2026-02&groupBy=typology', set['position']);
    expect(rollup['items']).toEqual([
      expect.objectContaining({ typology: 'integrator', partners: 1, dealsWon: 0, targets: none }),
      expect.objectContaining({
        typology: 'var', partners: 2, dealsWon: 1, revenueWon: '125.00',
        targets: { ...none, dealsWon: 2 }, attainment: { ...none, dealsWon: '50.0' }, atOrAbove100: { ...none, dealsWon: '50.0' },
      }),
    ]);
    const ranked = (await allPages(http, '/scorecards?period=2026-02&sort=attainment.dealsWon', set['position'])).flat();
    expect(ranked.map((s) => [s['partnerId'], s['attainment']['dealsWon']])).toEqual([[a, '0.0'], [b, '100.0'], [c, null]]);
    expect(ranked[0]).toEqual(await card(a, '2026-02'));
  });

  it('a period set again replaces its targets whole, at once on the scorecards; both settings stay in history', async () => {
    const again = await setObjective(http, 'typologies/var', '2026-01', { dealsWon: 1 });
    const card2 = (partnerId: string) => read(http, `/partners/${partnerId}/scorecards/2026-01`, again['position']);
    expect((await card2(b))['targets']).toEqual({ ...none, dealsWon: 1 });
    expect((await card2(b))['attainment']).toEqual({ ...none, dealsWon: '100.0' });
    expect((await card2(a))['targets']).toEqual({ ...none, revenueWon: '500.00', dealsWon: 1 });
    expect((await card2(a))['attainment']).toEqual({ ...none, revenueWon: '90.0', dealsWon: '200.0' });

    const listed = await read(http, '/objectives?period=2026-01&typology=var', again['position']);
    expect(listed).toEqual({
      items: [{ scope: 'typology', typology: 'var', period: '2026-01', targets: { ...none, dealsWon: 1 }, currency: 'EUR', setAt: expect.any(String) }],
      nextCursor: null,
    });
    expect((await read(http, `/objectives?partnerId=${a}`, again['position']))['items']).toEqual([
      { scope: 'partner', partnerId: a, period: '2026-01', targets: { ...none, revenueWon: '500.00' }, currency: 'EUR', setAt: expect.any(String) },
    ]);
    const pages = await allPages(http, '/objectives?period=2026-01&limit=1', again['position']);
    expect(pages.flat().map((o) => o['scope']).sort()).toEqual(['partner', 'typology']);

    const recorded = await ledger.app.get<EventStore>(EVENT_STORE).readStream('objectives-var');
    const january = recorded.filter((e) => e.type === 'ObjectiveSet' && (e.data as Json)['period'] === '2026-01').map((e) => (e.data as Json)['targets']);
    expect(january).toEqual([{ revenueWon: { minor: 1000_00, currency: 'EUR' }, dealsWon: 2, leadsRegistered: 4, certifiedEngineers: 2 }, { dealsWon: 1 }]);
  });

  describe('refusals', () => {
    it.each([
      ['typologies/var/2026-13', { dealsWon: 1 }],
      ['typologies/var/2026-Q5', { dealsWon: 1 }],
      ['typologies/var/26', { dealsWon: 1 }],
      ['typologies/reseller/2026', { dealsWon: 1 }],
      ['typologies/var/2026', { dealsWon: 1, bonus: 2 }],
      ['typologies/var/2026', { revenueWon: '12.345' }],
      ['typologies/var/2026', { revenueWon: 100 }],
      ['typologies/var/2026', { dealsWon: 1.5 }],
      ['typologies/var/2026', { dealsWon: -1 }],
      ['partners/a%20b/2026', { dealsWon: 1 }],
    ])('400 for PUT /objectives/%s %j', async (path, body) => {
      expectProblem(await http.put(`/objectives/${path}`).send(body), 400);
    });

    it('404 PARTNER_NOT_FOUND for a partner never registered', async () => {
      expectProblem(await http.put(`/objectives/partners/${uid('ghost')}/2026-01`).send({ dealsWon: 1 }), 404, 'PARTNER_NOT_FOUND');
    });

    it.each([{ revenueWon: '0.00' }, { revenueWon: '0' }, { dealsWon: 0 }, { certifiedEngineers: 0 }])('400 for a target of zero, %j (a target of nothing is left out)', async (body) => {
      expectProblem(await http.put('/objectives/typologies/var/2026-05').send(body), 400, 'VALIDATION_FAILED');
      expectProblem(await http.put(`/objectives/partners/${a}/2026-05`).send(body), 400, 'VALIDATION_FAILED');
    });

    it('accepts the smallest positive targets', async () => {
      expect((await http.put('/objectives/typologies/isv/2030-05').send({ revenueWon: '0.01', dealsWon: 1 })).status).toBe(201);
      expect((await http.put('/objectives/typologies/isv/2030-06').send({ revenueWon: '0.1' })).status).toBe(201);
    });

    it.each([
      '/partners/x/scorecards/2026-Q5',
      '/scorecards?period=2026-Q0',
      '/scorecards?period=2026-01&sort=attainment.revenue',
      '/scorecards/rollup?period=2026',
      '/scorecards/rollup?period=2026&groupBy=city',
      '/objectives?period=2026-1',
      '/objectives?typology=reseller',
    ])('400 for GET %s', async (path) => {
      expectProblem(await http.get(path), 400);
    });
  });
});
