import type { Typology } from '@ledger/domain';
import {
  Json, allPages, awardIncentive, byRoleCounters, nothingReversed, earnCertification, expectProblem, read, registerLead, registerPartner, uid, winDeal,
} from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** GET /partners/:partnerId (profile, tier, certified engineers, counters) and GET /partners. */
describe.each(readStoreVariants())('partner queries (%s)', (variant) => {
  describe('GET /partners/:partnerId', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('shows the profile of a new partner: tier none, no engineers, zero counters', async () => {
      const { partnerId, position } = await registerPartner(ledger.http, {
        name: 'Breizh Secure', typology: 'ssii', territory: { country: 'FR', region: 'Bretagne' }, occurredAt: '2026-02-01T09:00:00+01:00',
      });
      expect(await read(ledger.http, `/partners/${partnerId}`, position)).toEqual({
        partnerId,
        name: 'Breizh Secure',
        typology: 'ssii',
        territory: { country: 'FR', region: 'Bretagne' },
        tier: 'none',
        registeredAt: '2026-02-01T09:00:00+01:00',
        certifiedEngineers: {},
        counters: { leadsRegistered: 0, dealsWon: 0, revenueWon: '0.00', ...nothingReversed('0.00'), certificationsEarned: 0, incentivesAwarded: 0, incentivesValue: '0.00', ...byRoleCounters() },
        sanctions: { yellowCards: 0, redCards: 0, activeYellowUntil: null, suspendedUntil: null },
        // Nothing since the registration: it is the last activity (in UTC).
        lastActivityType: 'PartnerRegistered',
        lastActivityAt: '2026-02-01T08:00:00.000Z',
        currency: 'EUR',
      });
    });

    it('follows the tier rule: silver after a utm certification, gold after a second line, platinum with three full engineers', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      const tierAt = async (position: string) => (await read(ledger.http, `/partners/${partnerId}`, position))['tier'];

      const network = await earnCertification(ledger.http, partnerId, { engineerId: 'eng-a', productLine: 'network' });
      expect(await tierAt(network.position)).toBe('none'); // no flagship yet
      const utm = await earnCertification(ledger.http, partnerId, { engineerId: 'eng-a', productLine: 'utm' });
      expect(await tierAt(utm.position)).toBe('gold'); // utm + another line at once

      const { partnerId: other } = await registerPartner(ledger.http);
      const silver = await earnCertification(ledger.http, other, { engineerId: 'eng-b', productLine: 'utm' });
      expect((await read(ledger.http, `/partners/${other}`, silver.position))['tier']).toBe('silver');
      const gold = await earnCertification(ledger.http, other, { engineerId: 'eng-c', productLine: 'email' });
      expect((await read(ledger.http, `/partners/${other}`, gold.position))['tier']).toBe('gold');

      let last = gold;
      for (const engineerId of ['eng-b', 'eng-c', 'eng-d']) {
        for (const productLine of ['utm', 'network', 'endpoint', 'email', 'cloud']) {
          last = await earnCertification(ledger.http, other, { engineerId, productLine, engineerName: undefined });
        }
      }
      const profile = await read(ledger.http, `/partners/${other}`, last.position);
      expect(profile['tier']).toBe('platinum');
      expect(profile['certifiedEngineers']['cloud'].map((e: Json) => e['engineerId']).sort()).toEqual(['eng-b', 'eng-c', 'eng-d']);
    });

    it('lists certified engineers per product line and counts every activity', async () => {
      const { partnerId } = await registerPartner(ledger.http);
      await earnCertification(ledger.http, partnerId, { engineerId: 'eng-1', engineerName: 'Ada', productLine: 'utm', expiresAt: '2030-01-01T00:00:00Z' });
      await earnCertification(ledger.http, partnerId, { engineerId: 'eng-2', engineerName: 'Linus', productLine: 'utm' });
      await earnCertification(ledger.http, partnerId, { engineerId: 'eng-1', engineerName: 'Ada', productLine: 'cloud' });
      const lead1 = await registerLead(ledger.http, partnerId);
      await registerLead(ledger.http, partnerId);
      await winDeal(ledger.http, lead1.leadId, { amount: '1250.10', currency: 'EUR' });
      await awardIncentive(ledger.http, partnerId, { value: { amount: '0.10', currency: 'EUR' } });
      const last = await awardIncentive(ledger.http, partnerId, { value: { amount: '0.20', currency: 'EUR' } });

      const profile = await read(ledger.http, `/partners/${partnerId}`, last.position);
      expect(profile['tier']).toBe('gold');
      expect(profile['certifiedEngineers']).toEqual({
        utm: [
          { engineerId: 'eng-1', engineerName: 'Ada', expiresAt: '2030-01-01T00:00:00Z' },
          { engineerId: 'eng-2', engineerName: 'Linus' },
        ],
        cloud: [{ engineerId: 'eng-1', engineerName: 'Ada' }],
      });
      expect(profile['counters']).toEqual({
        leadsRegistered: 2, dealsWon: 1, revenueWon: '1250.10', ...nothingReversed('1250.10'), certificationsEarned: 3, incentivesAwarded: 2, incentivesValue: '0.30',
        ...byRoleCounters({ presales: [2, '0.30'] }),
      });
    });

    it('answers 404 PARTNER_NOT_FOUND for a partner never registered', async () => {
      expectProblem(await ledger.http.get(`/partners/${uid('ghost')}`), 404, 'PARTNER_NOT_FOUND');
    });
  });

  describe('GET /partners', () => {
    let ledger: RunningLedger;
    let head: string;
    const partners: Json[] = [];

    /** Seven partners with known typology, country and tier; nothing else in this ledger. */
    beforeAll(async () => {
      ledger = await startLedger(variant);
      const seed: [Typology, string, string][] = [
        ['var', 'FR', 'none'], ['var', 'DE', 'silver'], ['integrator', 'FR', 'gold'], ['isv', 'FR', 'silver'],
        ['wholesaler', 'ES', 'none'], ['var', 'FR', 'silver'], ['prescriber', 'IT', 'none'],
      ];
      for (const [typology, country, tier] of seed) {
        const answer = await registerPartner(ledger.http, { typology, territory: { country } });
        head = answer.position;
        if (tier !== 'none') head = (await earnCertification(ledger.http, answer.partnerId, { productLine: 'utm' })).position;
        if (tier === 'gold') head = (await earnCertification(ledger.http, answer.partnerId, { productLine: 'network' })).position;
        partners.push({ partnerId: answer.partnerId, typology, country, tier });
      }
    });
    afterAll(() => ledger?.close());

    const idsWhere = (keep: (p: Json) => boolean) => partners.filter(keep).map((p) => p['partnerId']).sort();
    const listedIds = async (query: string) => (await allPages(ledger.http, `/partners${query}`, head)).flat().map((p) => p['partnerId']).sort();

    it('lists every partner with its profile', async () => {
      const page = await read(ledger.http, '/partners', head);
      expect(page['nextCursor']).toBeNull();
      expect(page['items'].map((p: Json) => p['partnerId']).sort()).toEqual(idsWhere(() => true));
      const gold = page['items'].find((p: Json) => p['tier'] === 'gold');
      expect(gold).toEqual(expect.objectContaining({ typology: 'integrator', territory: { country: 'FR' }, currency: 'EUR', counters: expect.any(Object) }));
    });

    it.each([
      ['?typology=var', (p: Json) => p['typology'] === 'var'],
      ['?tier=silver', (p: Json) => p['tier'] === 'silver'],
      ['?tier=gold', (p: Json) => p['tier'] === 'gold'],
      ['?country=FR', (p: Json) => p['country'] === 'FR'],
      ['?typology=var&country=FR&tier=silver', (p: Json) => p['typology'] === 'var' && p['country'] === 'FR' && p['tier'] === 'silver'],
      ['?typology=ssii', () => false],
      ['?tier=platinum', () => false],
    ])('filters %s', async (query, keep) => {
      expect(await listedIds(query)).toEqual(idsWhere(keep));
    });

    it.each([1, 2, 3, 7, 8])('pages with limit=%i visit every partner exactly once', async (limit) => {
      const pages = await allPages(ledger.http, `/partners?limit=${limit}`, head);
      const ids = pages.flat().map((p) => p['partnerId']);
      expect(ids.slice().sort()).toEqual(idsWhere(() => true));
      expect(new Set(ids).size).toBe(ids.length);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
      expect(pages.filter((page) => page.length > 0)).toHaveLength(Math.ceil(partners.length / limit));
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    });

    it('pages a filtered list too', async () => {
      const pages = await allPages(ledger.http, '/partners?country=FR&limit=2', head);
      expect(pages.flat().map((p) => p['partnerId']).sort()).toEqual(idsWhere((p) => p['country'] === 'FR'));
      expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    });
  });
});
