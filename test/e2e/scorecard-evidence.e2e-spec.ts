import { runDemoCommand } from '../../apps/ledger/src/cli/demo/demo-command';
import { demoWindow } from '../../apps/ledger/src/cli/demo/demo-plan';
import { EVIDENCE_METRICS, EvidenceMetric } from '../../apps/ledger/src/scorecards';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { expectProblem, headPosition, Json, read } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** Where the scorecard view shows each metric the evidence traces (the incentives by role are grouped). */
const shownOn = (scorecard: Json, metric: EvidenceMetric): unknown => {
  const byRole = /^incentives(Sales|Presales|Technical)(Value)?$/.exec(metric);
  if (!byRole) return scorecard[metric];
  const role = scorecard['incentivesByRole'][byRole[1]!.toLowerCase()];
  return byRole[2] ? role.value : role.count;
};

/** GET /partners/:partnerId/scorecards/:period/evidence over a demo history: every figure traced to the events that make it up. */
describe.each(readStoreVariants())('every scorecard figure traced (%s)', (variant) => {
  const options = { partners: 8, events: 700, seed: 19, months: 12, concurrency: 4 };
  let ledger: RunningLedger;
  let head: string;
  let partners: string[];
  let periods: string[];
  /** Partners and periods to trace: the first partners listed, and those of the first full reversal and engagement, in the periods they occurred in. */
  let cases: [string, string][];

  beforeAll(async () => {
    ledger = await startLedger(variant);
    await runDemoCommand(ledger.app, options, false);
    head = await headPosition(ledger.http);
    partners = ((await read(ledger.http, '/partners?limit=3', head))['items'] as Json[]).map((p) => p['partnerId'] as string);
    // A year, a quarter and a month inside the demo's window.
    const end = new Date(demoWindow(options).endMs - 40 * 86_400_000).toISOString();
    const periodsOf = (instant: string) => [instant.slice(0, 4), `${instant.slice(0, 4)}-Q${Math.ceil(Number(instant.slice(5, 7)) / 3)}`, instant.slice(0, 7)];
    periods = periodsOf(end);
    const events = ledger.app.get<EventStore>(EVENT_STORE);
    const first = async (wanted: (event: RecordedEvent) => boolean) => {
      for (let page = await events.readAll({ maxCount: 500 }); page.length > 0; page = await events.readAll({ after: page[page.length - 1]!.position, maxCount: 500 })) {
        const found = page.find(wanted);
        if (found) return found;
      }
      throw new Error('the demo recorded no such event');
    };
    const reversed = await first((e) => e.type === 'DealReversed' && (e.data['totalReversed'] as Json)['minor'] === (e.data['wonAmount'] as Json)['minor']);
    const engaged = await first((e) => e.type === 'EngagementRecorded');
    cases = [
      ...partners.slice(0, 2).flatMap((partnerId) => periods.map((period): [string, string] => [partnerId, period])),
      ...[reversed, engaged].flatMap((e) => periodsOf(new Date(e.occurredAt).toISOString()).map((period): [string, string] => [e.data['partnerId'] as string, period])),
    ];
  }, 240_000);
  afterAll(() => ledger?.close());

  const evidence = (partnerId: string, period: string, query: string) => read(ledger.http, `/partners/${partnerId}/scorecards/${period}/evidence?${query}`, head);

  it('for every metric, the sum of the events listed equals the figure the scorecard shows, for several partners and periods', async () => {
    const traced = new Set<string>();
    for (const [partnerId, period] of cases) {
      const scorecard = await read(ledger.http, `/partners/${partnerId}/scorecards/${period}`, head);
      for (const metric of EVIDENCE_METRICS) {
        const answer = await evidence(partnerId, period, `metric=${metric}&limit=500`);
        expect({ metric, figure: answer['figure'], sum: answer['sum'] }).toEqual({ metric, figure: shownOn(scorecard, metric), sum: shownOn(scorecard, metric) });
        expect(answer['items']).toHaveLength(answer['contributions']);
        expect(answer['basis']).toMatchObject({ asOf: null, knownAt: null });
        for (const item of answer['items'] as Json[]) {
          expect(item).toMatchObject({ eventId: expect.any(String), position: expect.stringMatching(/^\d+$/), streamId: expect.any(String), recordedAt: expect.any(String) });
          // The chained hash as recorded; null for an event recorded before events were chained.
          expect(item['hash'] === null || /^[0-9a-f]{64}$/.test(item['hash'] as string)).toBe(true);
        }
        if ((answer['contributions'] as number) > 0) traced.add(metric);
      }
    }
    // Every metric traced at least one event somewhere: no figure was checked only as a zero.
    expect([...traced].sort()).toEqual([...EVIDENCE_METRICS].sort());
  }, 240_000);

  it('pages through a long list, whose pages add up to the figure', async () => {
    const [partnerId] = partners;
    const pages: Json[] = [];
    let cursor: string | null = null;
    do {
      const page = await evidence(partnerId!, periods[0]!, `metric=leadsRegistered&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page);
      cursor = page['nextCursor'] as string | null;
    } while (cursor !== null);
    const items = pages.flatMap((page) => page['items'] as Json[]);
    expect(pages.length).toBeGreaterThan(1);
    expect(items.reduce((sum, item) => sum + (item['contribution'] as number), 0)).toBe(pages[0]!['figure']);
    expect(new Set(items.map((item) => item['eventId'])).size).toBe(items.length);
    expect(items.every((item) => item['type'] === 'LeadRegistered')).toBe(true);
  });

  it('traces a figure as it was too, and refuses a metric it does not sum, naming the ones it does', async () => {
    const [partnerId] = partners;
    const before = await evidence(partnerId!, periods[0]!, `metric=leadsRegistered&asOf=${periods[2]}-01T00:00:00Z`);
    const scorecard = await read(ledger.http, `/partners/${partnerId}/scorecards/${periods[0]}?asOf=${periods[2]}-01T00:00:00Z`, head);
    expect(before['figure']).toBe(scorecard['leadsRegistered']);
    expect(before['sum']).toBe(before['figure']);
    const response = await ledger.http.get(`/partners/${partnerId}/scorecards/${periods[0]}/evidence?metric=averageSatisfaction`);
    expectProblem(response, 400, 'UNKNOWN_METRIC');
    expect(response.body.message).toContain('revenueWon');
    expectProblem(await ledger.http.get(`/partners/${partnerId}/scorecards/${periods[0]}/evidence`), 400, 'VALIDATION_FAILED');
    expectProblem(await ledger.http.get(`/partners/${partnerId}/scorecards/${periods[0]}/evidence?metric=dealsWon&cursor=nope`), 400, 'INVALID_CURSOR');
    expectProblem(await ledger.http.get(`/partners/ghost-partner/scorecards/${periods[0]}/evidence?metric=dealsWon`), 404, 'PARTNER_NOT_FOUND');
  });
});
