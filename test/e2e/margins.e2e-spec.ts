import { defaultPublishedRules } from '@ledger/domain';
import { allPages, expectProblem, Json, read, registerLead, registerPartner, winDeal } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const line = (productLine: string, product: string, revenue: string, margin: string) => ({ productLine, product, revenue, margin });
const figures = (revenue: string, margin: string, marginRate: string | null, revenueBelowMinimum = '0.00', shareBelowMinimum: string | null = revenue === '0.00' ? null : '0.00') =>
  ({ revenue, margin, marginRate, revenueBelowMinimum, shareBelowMinimum });

/** The margin observatory over HTTP: minimums published, deals won with lines (one below, one exactly at), one reversed in a later month. */
describe.each(readStoreVariants())('margin observatory (%s)', (variant) => {
  let ledger: RunningLedger;
  let position: string;
  let a: string;
  let b: string;
  let wonA: string;
  let wonB: string;

  const get = (path: string) => read(ledger.http, path, position);
  const items = async (path: string) => (await allPages(ledger.http, path, position)).flat();

  beforeAll(async () => {
    ledger = await startLedger(variant);
    const http = ledger.http;
    // Version 2: 10% on utm; 15% on network, 20% on its AP-6E.
    await http.put('/program').send({
      ...defaultPublishedRules(), effectiveFrom: '2026-01-01T00:00:00Z', minimumMargins: { utm: '10', network: { minimum: 15, products: { 'AP-6E': '20' } } },
    }).expect(201);
    a = (await registerPartner(http, { typology: 'var' })).partnerId as string;
    b = (await registerPartner(http, { typology: 'integrator' })).partnerId as string;
    const dealOf = async (partnerId: string, occurredAt: string, amount: string, lines: Json[]) => {
      const lead = await registerLead(http, partnerId, { occurredAt: '2026-02-01T00:00:00Z' });
      await winDeal(http, lead.leadId as string, { amount, currency: 'EUR', occurredAt, lines });
      return lead.leadId as string;
    };
    // Exactly 10% on UTM-100 (no alert); 18% on AP-6E, below its 20%.
    wonA = await dealOf(a, '2026-03-10T09:00:00Z', '1500.00', [line('utm', 'UTM-100', '1000.00', '100.00'), line('network', 'AP-6E', '500.00', '90.00')]);
    // 7.5% on UTM-500, below 10%; half of it refunded in April.
    wonB = await dealOf(b, '2026-03-20T09:00:00Z', '2000.00', [line('utm', 'UTM-500', '2000.00', '150.00')]);
    await dealOf(a, '2026-04-05T09:00:00Z', '400.00', [line('network', 'SW-24', '400.00', '80.00')]);
    const reversed = await http.post(`/leads/${wonB}/reversal`).send({ amount: '1000.00', reason: 'half refunded', occurredAt: '2026-04-15T09:00:00Z' }).expect(201);
    position = reversed.body.position;
  });
  afterAll(() => ledger?.close());

  it('sums each product line over a range, exactly, with its rate and the share sold below the minimum', async () => {
    expect(await items('/margins?from=2026-03&to=2026-05')).toEqual([
      { productLine: 'network', ...figures('900.00', '170.00', '18.89', '500.00', '55.56') },
      { productLine: 'utm', ...figures('2000.00', '175.00', '8.75', '1000.00', '50.00') },
    ]);
  });

  it('groups by partner (with its typology), product, typology and month', async () => {
    const partners = await items('/margins?groupBy=partner');
    expect(partners).toEqual(
      [
        { partnerId: a, typology: 'var', ...figures('1900.00', '270.00', '14.21', '500.00', '26.32') },
        { partnerId: b, typology: 'integrator', ...figures('1000.00', '75.00', '7.50', '1000.00', '100.00') },
      ].sort((x, y) => (x.partnerId < y.partnerId ? -1 : 1)),
    );
    expect(await items('/margins?groupBy=product')).toEqual([
      { productLine: 'network', product: 'AP-6E', ...figures('500.00', '90.00', '18.00', '500.00', '100.00') },
      { productLine: 'network', product: 'SW-24', ...figures('400.00', '80.00', '20.00') },
      { productLine: 'utm', product: 'UTM-100', ...figures('1000.00', '100.00', '10.00') },
      { productLine: 'utm', product: 'UTM-500', ...figures('1000.00', '75.00', '7.50', '1000.00', '100.00') },
    ]);
    expect(await items('/margins?groupBy=typology')).toEqual([
      { typology: 'integrator', ...figures('1000.00', '75.00', '7.50', '1000.00', '100.00') },
      { typology: 'var', ...figures('1900.00', '270.00', '14.21', '500.00', '26.32') },
    ]);
    // April holds the refund: more revenue taken back than sold, so a negative rate.
    expect(await items('/margins?groupBy=month')).toEqual([
      { month: '2026-03', ...figures('3500.00', '340.00', '9.71', '2500.00', '71.43') },
      { month: '2026-04', ...figures('-600.00', '5.00', '-0.83', '-1000.00', '166.67') },
    ]);
    expect(await items(`/margins?groupBy=month&partnerId=${a}`)).toEqual([
      { month: '2026-03', ...figures('1500.00', '190.00', '12.67', '500.00', '33.33') },
      { month: '2026-04', ...figures('400.00', '80.00', '20.00') },
    ]);
    expect(await items('/margins?groupBy=partner&productLine=network&product=SW-24')).toEqual([{ partnerId: a, typology: 'var', ...figures('400.00', '80.00', '20.00') }]);
  });

  it('the reversal counts in its month: March keeps the win, April is reduced', async () => {
    expect(await items(`/margins?groupBy=month&partnerId=${b}`)).toEqual([
      { month: '2026-03', ...figures('2000.00', '150.00', '7.50', '2000.00', '100.00') },
      { month: '2026-04', ...figures('-1000.00', '-75.00', '7.50', '-1000.00', '100.00') },
    ]);
  });

  it('sorts by rate either way and pages through the groups', async () => {
    const best = await get('/margins?groupBy=product&sort=-marginRate&limit=3');
    expect(best['items'].map((g: Json) => g['marginRate'])).toEqual(['20.00', '18.00', '10.00']);
    const rest = await get(`/margins?groupBy=product&sort=-marginRate&limit=3&cursor=${best['nextCursor']}`);
    expect(rest).toEqual({ items: [expect.objectContaining({ product: 'UTM-500', marginRate: '7.50' })], nextCursor: null });
    const pages = await allPages(ledger.http, '/margins?groupBy=product&sort=marginRate&limit=1', position);
    expect(pages.flat().map((g) => g['marginRate'])).toEqual(['7.50', '10.00', '18.00', '20.00']);
    expect((await items('/margins?groupBy=product&sort=-revenue')).map((g) => g['revenue'])).toEqual(['1000.00', '1000.00', '500.00', '400.00']);
    expectProblem(await ledger.http.get(`/margins?groupBy=product&sort=revenue&cursor=${best['nextCursor']}`), 400, 'INVALID_CURSOR');
  });

  it('takes instants as bounds: the months overlapping [from, to)', async () => {
    expect(await items('/margins?from=2026-04-10T00:00:00Z&to=2026-04-20T00:00:00%2B02:00')).toEqual([
      { productLine: 'network', ...figures('400.00', '80.00', '20.00') },
      { productLine: 'utm', ...figures('-1000.00', '-75.00', '7.50', '-1000.00', '100.00') },
    ]);
    // A month's first instant as `to` leaves that month out.
    expect((await items('/margins?groupBy=month&to=2026-04-01T00:00:00Z')).map((g) => g['month'])).toEqual(['2026-03']);
    expect(await items('/margins?from=2026-05&to=2026-03')).toEqual([]);
    expect(await items('/margins?from=1900-01&to=2100-01&groupBy=month')).toHaveLength(2);
  });

  it('lists the alerts newest first, each naming the rules version whose minimum the line was below', async () => {
    const alert = (leadId: string, partnerId: string, productLine: string, product: string, revenue: string, margin: string, rate: string, minimumRate: string, occurredAt: string) =>
      ({ leadId, partnerId, productLine, product, revenue, margin, rate, minimumRate, rulesVersion: 2, occurredAt, position: expect.stringMatching(/^\d+$/) });
    const all = await items('/margins/alerts');
    expect(all).toEqual([
      alert(wonB, b, 'utm', 'UTM-500', '2000.00', '150.00', '7.50', '10', '2026-03-20T09:00:00.000Z'),
      alert(wonA, a, 'network', 'AP-6E', '500.00', '90.00', '18.00', '20', '2026-03-10T09:00:00.000Z'),
    ]);
    expect(await items(`/margins/alerts?partnerId=${a}`)).toEqual([all[1]]);
    expect(await items('/margins/alerts?productLine=utm&from=2026-03&to=2026-04')).toEqual([all[0]]);
    expect(await items('/margins/alerts?from=2026-04')).toEqual([]);
    // Instants and days cut inside their months: the win's time decides.
    expect(await items('/margins/alerts?from=2026-03-15T00:00:00Z')).toEqual([all[0]]);
    expect(await items('/margins/alerts?to=2026-03-15')).toEqual([all[1]]);
    expect(await items('/margins/alerts?from=2026-03-10T09:00:00Z&to=2026-03-20T09:00:00Z')).toEqual([all[1]]);
    // A page that passes over alerts outside the instants still fills up, and says where to go on.
    const page = await get('/margins/alerts?limit=1&to=2026-03-15T00:00:00Z');
    expect(page['items']).toEqual([all[1]]);
    const first = await get('/margins/alerts?limit=1');
    expect(first['items']).toEqual([all[0]]);
    expect((await get(`/margins/alerts?limit=1&cursor=${first['nextCursor']}`))['items']).toEqual([all[1]]);
  });

  it('shows the drift month by month, months without sales as zeros', async () => {
    expect(await get('/margins/drift?productLine=utm&months=3&to=2026-05')).toEqual({
      productLine: 'utm',
      months: [
        { month: '2026-02', ...figures('0.00', '0.00', null, '0.00', null) },
        { month: '2026-03', ...figures('3000.00', '250.00', '8.33', '2000.00', '66.67') },
        { month: '2026-04', ...figures('-1000.00', '-75.00', '7.50', '-1000.00', '100.00') },
      ],
    });
    expect(await get('/margins/drift?months=2&to=2026-04-15T00:00:00Z')).toEqual({
      months: [
        { month: '2026-03', ...figures('3500.00', '340.00', '9.71', '2500.00', '71.43') },
        { month: '2026-04', ...figures('-600.00', '5.00', '-0.83', '-1000.00', '166.67') },
      ],
    });
    // By default the window ends with the last month sold in; for a line never sold, with the current month.
    const window = (await get('/margins/drift'))['months'] as Json[];
    expect(window).toHaveLength(12);
    expect(window[11]!['month']).toBe('2026-04');
    expect((await get('/margins/drift?productLine=utm&months=3'))['months']).toEqual([
      { month: '2026-02', ...figures('0.00', '0.00', null, '0.00', null) },
      expect.objectContaining({ month: '2026-03' }),
      expect.objectContaining({ month: '2026-04' }),
    ]);
    const never = (await get('/margins/drift?productLine=cloud'))['months'] as Json[];
    expect(never[11]!['month']).toBe(new Date().toISOString().slice(0, 7));
    // A line the program never had: 404, not twelve empty months under its name.
    expectProblem(await ledger.http.get('/margins/drift?productLine=storage'), 404, 'UNKNOWN_PRODUCT_LINE');
  });

  it('refuses bad parameters with 400 and the problem shape', async () => {
    for (const path of ['/margins?groupBy=region', '/margins?from=2026-13', '/margins?to=2026-02-30', '/margins?sort=ratio', '/margins/drift?months=61', '/margins/drift?months=0', '/margins/alerts?partnerId=%20x']) {
      expectProblem(await ledger.http.get(path), 400, 'VALIDATION_FAILED');
    }
  });
});
