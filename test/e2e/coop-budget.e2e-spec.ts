import { coopRulesBody, eventually } from './support/coop';
import { earnCertification, expectProblem, Json, registerLead, registerPartner, uid, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const claim = async (http: Http, partnerId: string, claimId: string, activity: string, amount: string, occurredAt: string) =>
  (await http.post(`/partners/${partnerId}/coop/claims`).send({ claimId, activity, amount: { amount, currency: 'EUR' }, description: `${activity} in Rennes`, occurredAt }).expect(201)).body;

/**
 * The co-op budget's read side over HTTP: a partner's balance and each activity's return,
 * the claims list, and the program-wide return, after claims, decisions, attributed leads,
 * wins (accrued by the asynchronous reactor) and a reversal (clawed back).
 */
describe.each(readStoreVariants())('co-op budget: balances and ROI (%s)', (variant) => {
  let ledger: RunningLedger;
  let partnerId: string;
  const ids = { seminar: uid('seminar'), pressAd: uid('press-ad'), openDay: uid('open-day') };
  let last: string;

  beforeAll(async () => {
    ledger = await startLedger(variant);
    const { http } = ledger;
    // 2 % at tier none, 3 % silver; 1000.00 granted and no accrual for 3 months.
    await http.put('/program').send(coopRulesBody()).expect(201);
    partnerId = (await registerPartner(http, { occurredAt: '2025-01-01T00:00:00Z', typology: 'var' })).partnerId as string;
    await claim(http, partnerId, ids.seminar, 'seminar', '300.00', '2025-01-10T09:00:00Z');
    await claim(http, partnerId, ids.pressAd, 'press-ad', '200.00', '2025-01-11T09:00:00Z');
    await http.post(`/coop/claims/${ids.seminar}/approve`).send({ occurredAt: '2025-01-12T09:00:00Z' }).expect(201);
    await http.post(`/coop/claims/${ids.pressAd}/reject`).send({ reason: 'no invoice', occurredAt: '2025-01-12T09:00:00Z' }).expect(201);
    // Silver before the third claim: the program-wide view files it under silver.
    await earnCertification(http, partnerId, { productLine: 'utm', occurredAt: '2025-03-01T00:00:00Z' });
    await claim(http, partnerId, ids.openDay, 'open-day', '100.00', '2025-04-05T09:00:00+02:00');

    const fromSeminar = await registerLead(http, partnerId, { occurredAt: '2025-04-02T00:00:00Z', coopClaimId: ids.seminar });
    await registerLead(http, partnerId, { occurredAt: '2025-04-03T00:00:00Z', coopClaimId: ids.seminar }); // never won
    const fromOpenDay = await registerLead(http, partnerId, { occurredAt: '2025-04-06T00:00:00Z', coopClaimId: ids.openDay });
    const fromPressAd = await registerLead(http, partnerId, { occurredAt: '2025-04-07T00:00:00Z', coopClaimId: ids.pressAd });
    const unattributed = await registerLead(http, partnerId, { occurredAt: '2025-04-08T00:00:00Z' });
    // 3 % (silver) of each win after the launch phase: 300.00 + 60.00 + 15.00 + 30.00.
    await winDeal(http, fromSeminar.leadId, { amount: '10000.00', currency: 'EUR', occurredAt: '2025-05-01T00:00:00Z' });
    await winDeal(http, fromOpenDay.leadId, { amount: '2000.00', currency: 'EUR', occurredAt: '2025-05-02T00:00:00Z' });
    await winDeal(http, fromPressAd.leadId, { amount: '500.00', currency: 'EUR', occurredAt: '2025-05-03T00:00:00Z' });
    await winDeal(http, unattributed.leadId, { amount: '1000.00', currency: 'EUR', occurredAt: '2025-05-04T00:00:00Z' });
    // A quarter of the seminar's deal refunded: its revenue counts net, 75.00 of its accrual is clawed back.
    last = (await http.post(`/leads/${fromSeminar.leadId}/reversal`).send({ amount: '2500.00', reason: 'partly refunded', occurredAt: '2025-06-01T00:00:00Z' }).expect(201)).body.position;
  });
  afterAll(() => ledger?.close());

  /** The partner's budget once the reactor's accruals and clawback have been projected. */
  const settled = () =>
    eventually(async () => {
      const { body } = await ledger.http.get(`/partners/${partnerId}/coop?minPosition=${last}`).expect(200);
      return body.accrued === '405.00' && body.clawedBack === '75.00' ? (body as Json) : undefined;
    }, 'the accruals and the clawback in GET /partners/:partnerId/coop');

  it("waits, with ?minPosition= of a reversal, for the reactor's accruals and clawback before answering", async () => {
    const { body } = await ledger.http.get(`/partners/${partnerId}/coop?minPosition=${last}`).expect(200);
    expect(body).toEqual(expect.objectContaining({ accrued: '405.00', clawedBack: '75.00', available: '930.00' }));
  });

  it('shows the balance and the return of each of the six activities', async () => {
    const none = { spend: '0.00', leadsAttributed: 0, dealsWon: 0, revenueWon: '0.00', roi: null };
    expect(await settled()).toEqual({
      partnerId, currency: 'EUR',
      granted: '1000.00', accrued: '405.00', clawedBack: '75.00', pending: '100.00', approved: '300.00', rejected: '200.00',
      // 1000.00 + 405.00 − 75.00 − 300.00 − 100.00
      available: '930.00',
      launchEndsAt: '2025-04-01T00:00:00.000Z',
      activities: [
        // A pending claim: its lead and deal count, with no spend yet.
        { activity: 'open-day', spend: '0.00', leadsAttributed: 1, dealsWon: 1, revenueWon: '2000.00', roi: null },
        // 7500.00 ÷ 300.00
        { activity: 'seminar', spend: '300.00', leadsAttributed: 2, dealsWon: 1, revenueWon: '7500.00', roi: '25.00' },
        { activity: 'breakfast', ...none },
        { activity: 'brochure', ...none },
        // Rejected: counts for nothing.
        { activity: 'press-ad', ...none },
        { activity: 'other', ...none },
      ],
    });
  });

  it('lists claims oldest first, by partner and status, each with what its leads brought in', async () => {
    await settled();
    const { body: all } = await ledger.http.get(`/coop/claims?partnerId=${partnerId}`).expect(200);
    expect(all.items.map((c: Json) => [c.claimId, c.status, c.tier, c.leadsAttributed, c.dealsWon, c.revenueWon])).toEqual([
      [ids.seminar, 'approved', 'none', 2, 1, '7500.00'],
      [ids.pressAd, 'rejected', 'none', 1, 1, '500.00'],
      [ids.openDay, 'pending', 'silver', 1, 1, '2000.00'],
    ]);
    expect(all.items[1]).toEqual({
      claimId: ids.pressAd, partnerId, typology: 'var', tier: 'none', activity: 'press-ad', amount: '200.00', currency: 'EUR', description: 'press-ad in Rennes',
      status: 'rejected', submittedAt: '2025-01-11T09:00:00.000Z', decidedAt: '2025-01-12T09:00:00.000Z', reason: 'no invoice', leadsAttributed: 1, dealsWon: 1, revenueWon: '500.00',
    });
    const { body: pending } = await ledger.http.get(`/coop/claims?status=pending&partnerId=${partnerId}`).expect(200);
    expect(pending).toEqual({ items: [expect.objectContaining({ claimId: ids.openDay, submittedAt: '2025-04-05T07:00:00.000Z' })], nextCursor: null });
    const first = (await ledger.http.get(`/coop/claims?partnerId=${partnerId}&limit=2`).expect(200)).body;
    const rest = (await ledger.http.get(`/coop/claims?partnerId=${partnerId}&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect([...first.items, ...rest.items].map((c: Json) => c.claimId)).toEqual([ids.seminar, ids.pressAd, ids.openDay]);
  });

  it('sums the program-wide return by activity, typology and tier, over the claims submitted in the window', async () => {
    await settled();
    const roi = async (query: string) => (await ledger.http.get(`/coop/roi?${query}`).expect(200)).body;
    const seminar = { spend: '300.00', leadsAttributed: 2, dealsWon: 1, revenueWon: '7500.00', roi: '25.00' };
    const openDay = { spend: '0.00', leadsAttributed: 1, dealsWon: 1, revenueWon: '2000.00', roi: null };
    const both = { spend: '300.00', leadsAttributed: 3, dealsWon: 2, revenueWon: '9500.00', roi: '31.67' };
    expect(await roi('groupBy=activity')).toEqual({
      from: null, to: null, groupBy: 'activity', currency: 'EUR', items: [{ activity: 'open-day', ...openDay }, { activity: 'seminar', ...seminar }], total: both,
    });
    // Filed under the tier held when each claim was submitted.
    expect((await roi('groupBy=tier')).items).toEqual([{ tier: 'none', ...seminar }, { tier: 'silver', ...openDay }]);
    expect((await roi('groupBy=typology')).items).toEqual([{ typology: 'var', ...both }]);
    // April in UTC holds only the open day (submitted 07:00Z on the 5th); the window's end is excluded.
    expect(await roi('from=2025-04-01T00:00:00Z&to=2025-04-05T07:00:00Z')).toMatchObject({ items: [], total: { spend: '0.00', leadsAttributed: 0, roi: null } });
    expect((await roi('from=2025-04-01T00:00:00Z&to=2025-05-01T00:00:00Z&groupBy=activity')).items).toEqual([{ activity: 'open-day', ...openDay }]);
    expect((await roi('to=2025-02-01T00:00:00%2B01:00')).items).toEqual([{ activity: 'seminar', ...seminar }]);
  });

  it('answers 404 for an unknown partner, and nothing for a window that ends before it starts', async () => {
    expectProblem(await ledger.http.get('/partners/nobody/coop'), 404, 'PARTNER_NOT_FOUND');
    expectProblem(await ledger.http.get('/coop/claims?partnerId=nobody'), 404, 'PARTNER_NOT_FOUND');
    expect((await ledger.http.get('/coop/roi?from=2025-06-01T00:00:00Z&to=2025-01-01T00:00:00Z').expect(200)).body).toMatchObject({ items: [], total: { spend: '0.00' } });
    expectProblem(await ledger.http.get('/coop/roi?groupBy=country'), 400);
  });

  it('shows a registered partner without any co-op fact as a budget of zeros', async () => {
    const quiet = await registerPartner(ledger.http, { occurredAt: '2023-06-01T00:00:00Z' }); // before the co-op rules: no grant
    const { body } = await ledger.http.get(`/partners/${quiet.partnerId}/coop?minPosition=${quiet.position}`).expect(200);
    expect(body).toMatchObject({ granted: '0.00', available: '0.00', launchEndsAt: null });
    expect(body.activities).toHaveLength(6);
  });
});
