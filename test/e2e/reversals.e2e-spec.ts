import { allPages, expectProblem, Json, read, registerLead, registerPartner, uid, winDeal } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

/** POST /leads/:leadId/reversal; answers the response (the caller checks it). */
const reverse = (http: Http, leadId: string, body: Json, idempotencyKey?: string) => {
  const post = http.post(`/leads/${leadId}/reversal`);
  return (idempotencyKey ? post.set('Idempotency-Key', idempotencyKey) : post).send(body);
};

/** A partner with a deal of 1000.00 over two lines, won in January 2026. */
async function dealWon(http: Http) {
  const { partnerId } = await registerPartner(http, { occurredAt: '2025-11-02T10:00:00Z' });
  const { leadId } = await registerLead(http, partnerId, { occurredAt: '2026-01-05T10:00:00Z' });
  const won = await winDeal(http, leadId, {
    amount: '1000.00', currency: 'EUR', occurredAt: '2026-01-20T10:00:00Z',
    lines: [
      { productLine: 'utm', product: 'Firewall 400', revenue: '600.00', margin: '90.00' },
      { productLine: 'endpoint', product: 'EDR seats', revenue: '400.00', margin: '100.00' },
    ],
  });
  return { partnerId, leadId, won };
}

/** Deal reversals over HTTP: counted in the period they occur in, never above the deal, the win kept. */
describe.each(readStoreVariants())('deal reversals (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger(variant);
  });
  afterAll(() => ledger?.close());

  it('reverses part of a deal in the next month: the win\'s month unchanged, the reversal\'s month net below zero, the profile net; then all that remains', async () => {
    const { partnerId, leadId } = await dealWon(ledger.http);

    const first = await reverse(ledger.http, leadId, { reversalId: 'refund-1', amount: '300.00', reason: 'two appliances returned', occurredAt: '2026-02-10T09:00:00Z' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(expect.objectContaining({
      leadId, partnerId, reversalId: 'refund-1', amount: '300.00', totalReversed: '300.00', remaining: '700.00', currency: 'EUR', streamId: `lead-${leadId}`,
    }));

    let position = first.body.position as string;
    const card = (period: string) => read(ledger.http, `/partners/${partnerId}/scorecards/${period}`, position);
    expect(await card('2026-01')).toEqual(expect.objectContaining({ dealsWon: 1, revenueWon: '1000.00', revenueReversed: '0.00', netRevenue: '1000.00', dealsReversed: 0 }));
    expect(await card('2026-02')).toEqual(expect.objectContaining({ dealsWon: 0, revenueWon: '0.00', revenueReversed: '300.00', netRevenue: '-300.00', dealsReversed: 0 }));
    expect(await card('2026-Q1')).toEqual(expect.objectContaining({ dealsWon: 1, revenueWon: '1000.00', revenueReversed: '300.00', netRevenue: '700.00' }));
    const profile = await read(ledger.http, `/partners/${partnerId}`, first.body.position);
    expect(profile['counters']).toEqual(expect.objectContaining({ dealsWon: 1, revenueWon: '1000.00', revenueReversed: '300.00', netRevenue: '700.00', dealsReversed: 0 }));
    expect(await read(ledger.http, `/leads/${leadId}`, first.body.position)).toEqual(expect.objectContaining({
      status: 'won', wonAmount: eur('1000.00'), reversed: eur('300.00'), netAmount: eur('700.00'), reversals: 1, marginAlerts: 0,
    }));

    // A second reversal that would take back more than remains.
    const tooMuch = await reverse(ledger.http, leadId, { amount: '800.00', reason: 'cancelled', occurredAt: '2026-03-01T09:00:00Z' });
    expectProblem(tooMuch, 422, 'REVERSAL_EXCEEDS_DEAL');
    expect(tooMuch.body).toEqual(expect.objectContaining({ remaining: '700.00', reversed: '300.00', won: '1000.00', currency: 'EUR' }));

    // Without an amount: all that remains; the deal is then reversed in full.
    const rest = await reverse(ledger.http, leadId, { reason: 'contract cancelled', occurredAt: '2026-03-05T09:00:00Z' });
    expect(rest.status).toBe(201);
    expect(rest.body).toEqual(expect.objectContaining({ amount: '700.00', totalReversed: '1000.00', remaining: '0.00' }));
    position = rest.body.position;
    expect(await card('2026-03')).toEqual(expect.objectContaining({ revenueReversed: '700.00', netRevenue: '-700.00', dealsReversed: 1 }));
    expect(await card('2026-01')).toEqual(expect.objectContaining({ revenueWon: '1000.00', netRevenue: '1000.00' }));
    const after = await read(ledger.http, `/partners/${partnerId}`, rest.body.position);
    expect(after['counters']).toEqual(expect.objectContaining({ revenueWon: '1000.00', revenueReversed: '1000.00', netRevenue: '0.00', dealsReversed: 1 }));

    // Nothing is left to reverse.
    expectProblem(await reverse(ledger.http, leadId, { reason: 'again', occurredAt: '2026-03-06T09:00:00Z' }), 422, 'REVERSAL_EXCEEDS_DEAL');

    // History keeps both facts: the win and each reversal.
    const pages = await allPages(ledger.http, `/partners/${partnerId}/history?limit=50`, rest.body.position);
    const types = pages.flat().map((entry) => entry['type']);
    expect(types.filter((t) => t === 'DealWon')).toHaveLength(1);
    expect(types.filter((t) => t === 'DealReversed')).toHaveLength(2);
  });

  it('apportions a reversal over the deal\'s lines, their parts adding up exactly', async () => {
    const { partnerId, leadId } = await dealWon(ledger.http);
    const reversed = await reverse(ledger.http, leadId, { amount: '333.33', reason: 'partial refund', occurredAt: '2026-02-01T00:00:00Z' });
    expect(reversed.status).toBe(201);
    const pages = await allPages(ledger.http, `/partners/${partnerId}/history?limit=50`, reversed.body.position);
    const event = pages.flat().find((entry) => entry['type'] === 'DealReversed')!;
    // Each line's part of the revenue and of the margin (15% and 25% of each line's revenue).
    expect(event['data']['lines']).toEqual([
      { productLine: 'utm', product: 'Firewall 400', revenue: eur('200.00'), margin: eur('30.00') },
      { productLine: 'endpoint', product: 'EDR seats', revenue: eur('133.33'), margin: eur('33.33') },
    ]);
    expect(event['data']).toEqual(expect.objectContaining({ amount: eur('333.33'), totalReversed: eur('333.33'), wonAmount: eur('1000.00') }));
  });

  it('answers a retry with the same Idempotency-Key as the first time, reversing once; a reversalId used before is 409 REVERSAL_ID_TAKEN', async () => {
    const { partnerId, leadId } = await dealWon(ledger.http);
    const key = uid('reversal-key');
    const body = { amount: '100.00', reason: 'refund', occurredAt: '2026-02-01T00:00:00Z' };
    const once = await reverse(ledger.http, leadId, body, key);
    const twice = await reverse(ledger.http, leadId, body, key);
    expect(once.status).toBe(201);
    expect(twice.status).toBe(201);
    expect(twice.body).toEqual(once.body);
    const profile = await read(ledger.http, `/partners/${partnerId}`, twice.body.position);
    expect(profile['counters']).toEqual(expect.objectContaining({ revenueReversed: '100.00', netRevenue: '900.00' }));

    const again = await reverse(ledger.http, leadId, { ...body, reversalId: once.body.reversalId });
    expectProblem(again, 409, 'REVERSAL_ID_TAKEN');
  });

  it('refuses a reversal of an open lead (409 DEAL_NOT_WON), of a lead never registered (404), and a bad body (400)', async () => {
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId } = await registerLead(ledger.http, partnerId);
    expectProblem(await reverse(ledger.http, leadId, { reason: 'nothing to reverse' }), 409, 'DEAL_NOT_WON');
    expectProblem(await reverse(ledger.http, uid('ghost'), { reason: 'r' }), 404, 'LEAD_NOT_FOUND');
    expectProblem(await reverse(ledger.http, leadId, {}), 400);
    expectProblem(await reverse(ledger.http, leadId, { reason: 'r', amount: '-1.00' }), 400);
    expectProblem(await reverse(ledger.http, leadId, { reason: 'r', amount: 1 }), 400);
  });

  it('refuses a reversal of nothing (400 for 0.00), in another currency (422 CURRENCY_NOT_ACCEPTED) or dated before its win (422 REVERSAL_BEFORE_WIN)', async () => {
    const { leadId } = await dealWon(ledger.http);
    expectProblem(await reverse(ledger.http, leadId, { reason: 'r', amount: '0.00', occurredAt: '2026-02-01T00:00:00Z' }), 400, 'VALIDATION_FAILED');
    expectProblem(await reverse(ledger.http, leadId, { reason: 'r', amount: '1.00', currency: 'USD', occurredAt: '2026-02-01T00:00:00Z' }), 422, 'CURRENCY_NOT_ACCEPTED');
    expectProblem(await reverse(ledger.http, leadId, { reason: 'r', amount: eur('1.00'), occurredAt: '2026-01-20T09:59:59Z' }), 422, 'REVERSAL_BEFORE_WIN');
  });

  it('takes the amount as a decimal string with its currency, or as { amount, currency }', async () => {
    const { leadId } = await dealWon(ledger.http);
    const first = await reverse(ledger.http, leadId, { reason: 'r', amount: '100.00', currency: 'EUR', occurredAt: '2026-02-01T00:00:00Z' });
    expect(first.status).toBe(201);
    const second = await reverse(ledger.http, leadId, { reason: 'r', amount: eur('50.00'), occurredAt: '2026-02-02T00:00:00Z' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(expect.objectContaining({ amount: '50.00', totalReversed: '150.00', remaining: '850.00', currency: 'EUR' }));
  });

  it('ranks a period\'s scorecards by net revenue by default', async () => {
    const big = await dealWon(ledger.http);
    const small = await dealWon(ledger.http);
    // Both won 1000.00 in January; the first gives back 600.00 of it in January too.
    const reversed = await reverse(ledger.http, big.leadId, { amount: '600.00', reason: 'refund', occurredAt: '2026-01-25T00:00:00Z' });
    const pages = await allPages(ledger.http, '/scorecards?period=2026-01&limit=100', reversed.body.position);
    const order = pages.flat().map((s) => s['partnerId']).filter((id) => id === big.partnerId || id === small.partnerId);
    expect(order).toEqual([small.partnerId, big.partnerId]);
  });
});
