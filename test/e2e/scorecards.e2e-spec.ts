import type { Typology } from '@ledger/domain';
import {
  Json, allPages, awardIncentive, earnCertification, nothingReversed, expectProblem, read, registerLead, registerPartner, uid, winDeal,
} from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const zeros = { leadsRegistered: 0, dealsWon: 0, revenueWon: '0.00', ...nothingReversed('0.00'), certificationsEarned: 0, incentivesAwarded: 0, incentivesValue: '0.00' };
const noRole = { count: 0, value: '0.00' };
/** What every scorecard shows besides its counters when nothing was recorded of incentives by role, engagements or targets. */
const untargeted = {
  incentivesByRole: { sales: noRole, presales: noRole, technical: noRole }, engagements: 0, averageSatisfaction: null,
  targets: { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null },
  attainment: { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null },
};

/** Registers a lead and wins it, both at `occurredAt`; returns the win's answer. */
async function leadWon(http: Http, partnerId: string, amount: string, occurredAt: string) {
  const { leadId } = await registerLead(http, partnerId, { occurredAt });
  return winDeal(http, leadId, { amount, currency: 'EUR', occurredAt });
}

/** GET /partners/:partnerId/scorecards/:period, GET /scorecards, and late events. */
describe.each(readStoreVariants())('scorecards (%s)', (variant) => {
  describe('GET /partners/:partnerId/scorecards/:period', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('sums a month exactly to the cent', async () => {
      const { partnerId } = await registerPartner(ledger.http, { typology: 'var', territory: { country: 'BE' }, occurredAt: '2026-02-20T10:00:00Z' });
      await leadWon(ledger.http, partnerId, '1000.05', '2026-03-02T10:00:00Z');
      await leadWon(ledger.http, partnerId, '250.05', '2026-03-30T10:00:00Z');
      await registerLead(ledger.http, partnerId, { occurredAt: '2026-03-15T10:00:00Z' });
      await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2026-03-05T10:00:00Z' });
      await awardIncentive(ledger.http, partnerId, { value: { amount: '0.10', currency: 'EUR' }, occurredAt: '2026-03-06T10:00:00Z' });
      const last = await awardIncentive(ledger.http, partnerId, { value: { amount: '0.20', currency: 'EUR' }, occurredAt: '2026-03-07T10:00:00Z' });

      expect(await read(ledger.http, `/partners/${partnerId}/scorecards/2026-03`, last.position)).toEqual({
        partnerId, period: '2026-03', typology: 'var', country: 'BE', region: null, tier: 'silver',
        leadsRegistered: 3, dealsWon: 2, revenueWon: '1250.10', ...nothingReversed('1250.10'), certificationsEarned: 1, incentivesAwarded: 2, incentivesValue: '0.30', certifiedEngineers: 1,
        ...untargeted, incentivesByRole: { sales: noRole, presales: { count: 2, value: '0.30' }, technical: noRole },
        currency: 'EUR',
      });
    });

    it('shows zeros for a month with no activity', async () => {
      const { partnerId, position } = await registerPartner(ledger.http, { typology: 'isv', territory: { country: 'NL' } });
      expect(await read(ledger.http, `/partners/${partnerId}/scorecards/2025-07`, position)).toEqual({
        partnerId, period: '2025-07', typology: 'isv', country: 'NL', region: null, tier: 'none', ...zeros, certifiedEngineers: 0, ...untargeted, currency: 'EUR',
      });
    });

    it('lands a late event in the month it happened (UTC), not the month it was recorded', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      const { leadId } = await registerLead(ledger.http, partnerId, { occurredAt: '2026-01-20T10:00:00Z' });
      await awardIncentive(ledger.http, partnerId, { value: { amount: '10.00', currency: 'EUR' }, occurredAt: '2026-03-10T10:00:00Z' });
      // recorded after March's activity, happened on 2026-02-01T01:30Z
      const late = await winDeal(ledger.http, leadId, { amount: '4999.99', currency: 'EUR', occurredAt: '2026-01-31T23:30:00-02:00' });

      const card = (period: string) => read(ledger.http, `/partners/${partnerId}/scorecards/${period}`, late.position);
      expect(await card('2026-02')).toEqual(expect.objectContaining({ ...zeros, dealsWon: 1, revenueWon: '4999.99', netRevenue: '4999.99' }));
      expect(await card('2026-01')).toEqual(expect.objectContaining({ ...zeros, leadsRegistered: 1 }));
      expect(await card('2026-03')).toEqual(expect.objectContaining({ ...zeros, incentivesAwarded: 1, incentivesValue: '10.00' }));
    });

    it('uses UTC at the month boundary whatever the offset', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      await awardIncentive(ledger.http, partnerId, { occurredAt: '2026-03-01T00:30:00+01:00' }); // 2026-02-28T23:30Z
      const last = await awardIncentive(ledger.http, partnerId, { occurredAt: '2026-03-31T23:30:00-01:00' }); // 2026-04-01T00:30Z
      const card = (period: string) => read(ledger.http, `/partners/${partnerId}/scorecards/${period}`, last.position);
      expect((await card('2026-02'))['incentivesAwarded']).toBe(1);
      expect((await card('2026-03'))['incentivesAwarded']).toBe(0);
      expect((await card('2026-04'))['incentivesAwarded']).toBe(1);
    });

    it('answers 404 PARTNER_NOT_FOUND for a partner never registered', async () => {
      expectProblem(await ledger.http.get(`/partners/${uid('ghost')}/scorecards/2026-03`), 404, 'PARTNER_NOT_FOUND');
    });
  });

  describe('GET /scorecards', () => {
    let ledger: RunningLedger;
    let head: string;
    /** May 2026: revenue chosen so that text order differs from numeric order. */
    const may: Json[] = [];

    beforeAll(async () => {
      ledger = await startLedger(variant);
      const seed: { typology: Typology; country: string; silver: boolean; deals: string[] }[] = [
        { typology: 'var', country: 'FR', silver: true, deals: ['900.00'] },
        { typology: 'var', country: 'DE', silver: false, deals: ['10000.00', '0.01'] },
        { typology: 'integrator', country: 'FR', silver: false, deals: ['5000.50', '1.00', '2.00'] },
        { typology: 'isv', country: 'FR', silver: true, deals: [] },
        { typology: 'var', country: 'FR', silver: false, deals: ['99.99'] },
      ];
      for (const s of seed) {
        const { partnerId } = await registerPartner(ledger.http, { typology: s.typology, territory: { country: s.country }, occurredAt: '2026-04-01T00:00:00Z' });
        if (s.silver) await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2026-05-03T00:00:00Z' });
        let cents = 0;
        for (const amount of s.deals) {
          await leadWon(ledger.http, partnerId, amount, '2026-05-10T12:00:00Z');
          cents += Math.round(Number(amount) * 100);
        }
        // activity in June too, which a May listing must not show
        head = (await leadWon(ledger.http, partnerId, '7.00', '2026-06-01T00:00:00Z')).position;
        may.push({ partnerId, typology: s.typology, country: s.country, tier: s.silver ? 'silver' : 'none', dealsWon: s.deals.length, cents });
      }
    });
    afterAll(() => ledger?.close());

    const list = async (query: string) => (await allPages(ledger.http, `/scorecards${query}`, head)).flat();
    const idsWhere = (keep: (s: Json) => boolean) => may.filter(keep).map((s) => s['partnerId']).sort();

    it('lists the scorecards of one period only', async () => {
      const cards = await list('?period=2026-05');
      expect(cards.map((c) => c['partnerId']).sort()).toEqual(idsWhere(() => true));
      expect(cards.every((c) => c['period'] === '2026-05')).toBe(true);
      const third = cards.find((c) => c['partnerId'] === may[2]!['partnerId']);
      expect(third).toEqual({
        partnerId: may[2]!['partnerId'], period: '2026-05', typology: 'integrator', country: 'FR', region: null, tier: 'none',
        leadsRegistered: 3, dealsWon: 3, revenueWon: '5003.50', ...nothingReversed('5003.50'), certificationsEarned: 0, incentivesAwarded: 0, incentivesValue: '0.00', certifiedEngineers: 0,
        ...untargeted, currency: 'EUR',
      });
      const june = await list('?period=2026-06');
      expect(june.map((c) => c['revenueWon'])).toEqual(['7.00', '7.00', '7.00', '7.00', '7.00']);
      expect(await list('?period=2026-07')).toEqual([]);
    });

    it.each([
      ['&typology=var', (s: Json) => s['typology'] === 'var'],
      ['&country=FR', (s: Json) => s['country'] === 'FR'],
      ['&tier=silver', (s: Json) => s['tier'] === 'silver'],
      ['&typology=var&country=FR&tier=none', (s: Json) => s['typology'] === 'var' && s['country'] === 'FR' && s['tier'] === 'none'],
      ['&tier=gold', () => false],
    ])('filters %s', async (query, keep) => {
      expect((await list(`?period=2026-05${query}`)).map((c) => c['partnerId']).sort()).toEqual(idsWhere(keep));
    });

    it('sorts by revenue, highest first (sort=-revenueWon, the default), numerically', async () => {
      const expected = [...may].sort((a, b) => b['cents'] - a['cents']).map((s) => s['partnerId']);
      const sorted = await list('?period=2026-05&sort=-revenueWon');
      expect(sorted.map((c) => c['partnerId'])).toEqual(expected);
      expect(sorted.map((c) => c['revenueWon'])).toEqual(['10000.01', '5003.50', '900.00', '99.99', '0.00']);
      expect((await list('?period=2026-05')).map((c) => c['partnerId'])).toEqual(expected);
    });

    it('sorts by deals won, fewest first (sort=dealsWon)', async () => {
      const dealsWon = (await list('?period=2026-05&sort=dealsWon')).map((c) => c['dealsWon']);
      expect(dealsWon).toEqual([0, 1, 1, 2, 3]);
    });

    it.each(['-revenueWon', 'dealsWon', '-dealsWon', 'partnerId'])('pages sort=%s with limit=2, every scorecard exactly once, in order', async (sort) => {
      const whole = (await read(ledger.http, `/scorecards?period=2026-05&sort=${sort}&limit=500`, head))['items'].map((c: Json) => c['partnerId']);
      const pages = await allPages(ledger.http, `/scorecards?period=2026-05&sort=${sort}&limit=2`, head);
      expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
      expect(pages.flat().map((c) => c['partnerId'])).toEqual(whole);
      expect(new Set(whole).size).toBe(may.length);
    });
  });
});
