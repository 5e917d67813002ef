import { earnCertification, expectProblem, Json, read, registerLead, registerPartner, winDeal } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * The ledger's clock is the process's: only Date is moved (timers stay real), so that the
 * facts below are recorded in January, March and May 2026 whatever today is.
 */
const recordingAt = (instant: string) => jest.setSystemTime(new Date(instant));

/** GET /partners/:partnerId, its scorecards, its tier and its leads as they were (asOf) and as they were known (knownAt). */
describe.each(readStoreVariants())('state as it was, and as it was known (%s)', (variant) => {
  let ledger: RunningLedger;
  let partnerId: string;
  let leadId: string;
  let head: string;

  beforeAll(async () => {
    jest.useFakeTimers({
      now: new Date('2026-01-05T09:00:00Z'),
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    ledger = await startLedger(variant);
    recordingAt('2026-01-10T09:00:00Z');
    ({ partnerId } = await registerPartner(ledger.http, { typology: 'var', occurredAt: '2026-01-10T09:00:00Z' }));
    ({ leadId } = await registerLead(ledger.http, partnerId, { occurredAt: '2026-02-10T09:00:00Z' }));
    recordingAt('2026-03-20T09:00:00Z');
    await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2026-03-20T09:00:00Z' }); // a tier change: none → silver
    // The late deal: won in March, reported in May.
    recordingAt('2026-05-10T09:00:00Z');
    ({ position: head } = await winDeal(ledger.http, leadId, { amount: '1000.00', currency: 'EUR', occurredAt: '2026-03-15T09:00:00Z' }));
    jest.useRealTimers();
  }, 60_000);
  afterAll(async () => {
    jest.useRealTimers();
    await ledger?.close();
  });

  const get = (path: string) => read(ledger.http, path, head);
  const march = (query: string) => get(`/partners/${partnerId}/scorecards/2026-03?${query}`);

  it('the March scorecard known on April 1st lacks the deal reported in May; known in June it has it', async () => {
    expect(await march('knownAt=2026-04-01T00:00:00Z')).toMatchObject({ dealsWon: 0, revenueWon: '0.00', certificationsEarned: 1, tier: 'silver' });
    expect(await march('knownAt=2026-06-01T00:00:00Z')).toMatchObject({ dealsWon: 1, revenueWon: '1000.00', netRevenue: '1000.00', certificationsEarned: 1 });
  });

  it('as of the end of February, March had nothing yet', async () => {
    expect(await march('asOf=2026-02-28T23:59:59Z')).toMatchObject({ dealsWon: 0, leadsRegistered: 0, certificationsEarned: 0, certifiedEngineers: 0, tier: 'none' });
    expect(await get(`/partners/${partnerId}/scorecards/2026-02?asOf=2026-02-28T23:59:59Z`)).toMatchObject({ leadsRegistered: 1 });
  });

  it('says which events it used: with asOf and knownAt both, only the facts that satisfy both', async () => {
    const known = await march('knownAt=2026-06-01T00:00:00Z');
    const both = await march('asOf=2026-03-16T00:00:00Z&knownAt=2026-04-01T00:00:00Z');
    expect(both).toMatchObject({ dealsWon: 0, certificationsEarned: 0 });
    for (const answer of [known, both]) {
      const { positions, events, lastPosition } = answer['basis'] as { positions: string[]; events: number; lastPosition: string };
      expect(events).toBe(positions.length);
      expect(lastPosition).toBe(positions[positions.length - 1]);
      expect(positions.map(BigInt)).toEqual([...positions.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));
    }
    expect(known['basis']).toMatchObject({ asOf: null, knownAt: '2026-06-01T00:00:00Z', lastPosition: head });
    expect(both['basis']).toMatchObject({ asOf: '2026-03-16T00:00:00Z', knownAt: '2026-04-01T00:00:00Z' });
    expect((both['basis'] as Json)['events']).toBeLessThan((known['basis'] as Json)['events']);
  });

  it('known by a time after every fact, it answers what the live read models answer, with its basis', async () => {
    const live = await get(`/partners/${partnerId}/scorecards/2026-03`);
    expect(live['basis']).toBeUndefined();
    const { basis: _basis, ...knownLast } = await march('knownAt=2100-01-01T00:00:00Z');
    expect(knownLast).toEqual(live);
    const { basis: _profileBasis, ...profile } = await get(`/partners/${partnerId}?knownAt=2100-01-01T00:00:00Z`);
    expect(profile).toEqual(await get(`/partners/${partnerId}`));
  });

  it('the partner and its tier before and after the tier change; unknown before it was registered', async () => {
    expect(await get(`/partners/${partnerId}?asOf=2026-02-01T00:00:00Z`)).toMatchObject({ tier: 'none', counters: { leadsRegistered: 0, dealsWon: 0 } });
    expect(await get(`/partners/${partnerId}?asOf=2026-04-01T00:00:00Z`)).toMatchObject({ tier: 'silver', counters: { leadsRegistered: 1, dealsWon: 1 } });
    expect(await get(`/partners/${partnerId}?asOf=2026-04-01T00:00:00Z&knownAt=2026-04-01T00:00:00Z`)).toMatchObject({ tier: 'silver', counters: { dealsWon: 0 } });
    expect(await get(`/partners/${partnerId}/tier?asOf=2026-02-01T00:00:00Z`)).toMatchObject({ tier: 'none', engineers: [], evaluatedAt: '2026-02-01T00:00:00Z' });
    expect(await get(`/partners/${partnerId}/tier?asOf=2026-04-01T00:00:00Z`)).toMatchObject({
      tier: 'silver', since: '2026-03-20T09:00:00Z', tierInForce: 'silver', engineers: [expect.objectContaining({ certifications: [expect.objectContaining({ productLine: 'utm' })] })],
    });
    expectProblem(await ledger.http.get(`/partners/${partnerId}?asOf=2026-01-09T00:00:00Z`), 404, 'PARTNER_NOT_FOUND');
    expectProblem(await ledger.http.get(`/partners/${partnerId}/tier?knownAt=2026-01-09T00:00:00Z`), 404, 'PARTNER_NOT_FOUND');
    expectProblem(await ledger.http.get(`/partners/${partnerId}/scorecards/2026-03?asOf=2026-01-09T00:00:00Z`), 404, 'PARTNER_NOT_FOUND');
  });

  it('the lead open until its deal was won, and as long as the win was not known', async () => {
    expect(await get(`/leads/${leadId}?asOf=2026-03-01T00:00:00Z`)).toMatchObject({ status: 'open' });
    expect(await get(`/leads/${leadId}?knownAt=2026-04-01T00:00:00Z`)).toMatchObject({ status: 'open' });
    expect(await get(`/leads/${leadId}?knownAt=2026-06-01T00:00:00Z`)).toMatchObject({ status: 'won', wonAmount: { amount: '1000.00' } });
    expect(await get(`/leads/${leadId}?asOf=2026-03-15T09:00:00Z`)).toMatchObject({ status: 'won' });
    expectProblem(await ledger.http.get(`/leads/${leadId}?asOf=2026-02-01T00:00:00Z`), 404, 'LEAD_NOT_FOUND');
  });

  it('refuses times that are not instants', async () => {
    for (const path of [`/partners/${partnerId}?asOf=yesterday`, `/partners/${partnerId}/tier?knownAt=2026-04-01`, `/leads/${leadId}?asOf=2026-13-01T00:00:00Z`, `/partners/${partnerId}/scorecards/2026-03?knownAt=`]) {
      expectProblem(await ledger.http.get(path), 400, 'VALIDATION_FAILED');
    }
  });
});
