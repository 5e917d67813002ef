import { defaultPublishedRules } from '@ledger/domain';
import { earnCertification, expectProblem, Json, read, registerLead, registerPartner, UUID } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

const engage = (http: Http, partnerId: string, body: Json) => http.post(`/partners/${partnerId}/engagements`).send({ kind: 'seminar', name: 'Spring partner seminar', ...body });

/** Engagements (POST /partners/:partnerId/engagements) counted on scorecards and profiles, and GET /partners/at-risk. */
describe.each(readStoreVariants())('engagement and partners at risk (%s)', (variant) => {
  describe('engagements', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('are recorded with the id given or one derived from the Idempotency-Key, and counted on the month\'s scorecard with their average rating', async () => {
      const { partnerId } = await registerPartner(ledger.http, { occurredAt: '2026-01-05T00:00:00Z' });
      const given = await engage(ledger.http, partnerId, { engagementId: 'eng-spring', attendees: 4, satisfaction: 4, occurredAt: '2026-03-10T09:00:00Z' }).expect(201);
      expect(given.body).toEqual(expect.objectContaining({ partnerId, engagementId: 'eng-spring', streamId: `partner-${partnerId}` }));

      const keyed = () => engage(ledger.http, partnerId, { kind: 'training', name: 'UTM training', satisfaction: 4.5, occurredAt: '2026-03-11T09:00:00Z' }).set('Idempotency-Key', `train-${partnerId}`);
      const derived = await keyed().expect(201);
      expect(derived.body.engagementId).toMatch(UUID);
      expect((await keyed().expect(201)).body).toEqual(derived.body); // the same key: the same answer, nothing recorded twice

      await engage(ledger.http, partnerId, { kind: 'partner-meeting', name: 'Quarterly review', attendees: 2, satisfaction: 4.4, occurredAt: '2026-03-20T09:00:00Z' }).expect(201);
      const kit = await engage(ledger.http, partnerId, { kind: 'presales-kit', name: 'Firewall pitch kit', occurredAt: '2026-03-25T09:00:00Z' }).expect(201);

      const scorecard = await read(ledger.http, `/partners/${partnerId}/scorecards/2026-03`, kit.body.position);
      // (4.0 + 4.5 + 4.4) ÷ 3 = 4.3; the kit is counted, not rated.
      expect(scorecard).toEqual(expect.objectContaining({ engagements: 4, averageSatisfaction: '4.3' }));
      const profile = await read(ledger.http, `/partners/${partnerId}`, kit.body.position);
      expect(profile['counters']).toEqual(expect.objectContaining({ engagements: 4, averageSatisfaction: '4.3' }));
      expect(profile).toEqual(expect.objectContaining({ lastActivityType: 'EngagementRecorded', lastActivityAt: '2026-03-25T09:00:00.000Z' }));

      const history = await read(ledger.http, `/partners/${partnerId}/history`, kit.body.position);
      expect((history['items'] as Json[]).find((e) => e['type'] === 'EngagementRecorded')?.['data']).toEqual({
        partnerId, engagementId: 'eng-spring', kind: 'seminar', name: 'Spring partner seminar', attendees: 4, satisfaction: 4,
      });
    });

    it('refuses a rating outside 1–5 or with two decimals, a negative count, an unknown kind or field (400), and an unknown partner (404), recording nothing', async () => {
      const { partnerId, position } = await registerPartner(ledger.http);
      for (const body of [{ satisfaction: 5.5 }, { satisfaction: 0.9 }, { satisfaction: 4.25 }, { satisfaction: '4' }, { attendees: -1 }, { attendees: 2.5 }, { kind: 'party' }, { name: ' ' }, { attendeeNames: ['Ada'] }]) {
        expectProblem(await engage(ledger.http, partnerId, body), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await engage(ledger.http, 'nobody-here', { satisfaction: 4 }), 404, 'PARTNER_NOT_FOUND');
      const profile = await read(ledger.http, `/partners/${partnerId}`, position);
      expect(profile['counters']).toEqual(expect.objectContaining({ engagements: 0, averageSatisfaction: null }));
    });
  });

  describe('partners at risk', () => {
    let ledger: RunningLedger;
    let position: string;
    const ids = { quietest: 'risk-quietest', quiet: 'risk-quiet', active: 'risk-active', late: 'risk-late', gold: 'risk-gold', silver: 'risk-silver' };
    const asOf = '2026-06-01T00:00:00Z';

    beforeAll(async () => {
      ledger = await startLedger(variant);
      const partner = (partnerId: string, occurredAt: string) => registerPartner(ledger.http, { partnerId, occurredAt });
      await partner(ids.quietest, '2025-12-01T00:00:00Z');
      await partner(ids.quiet, '2026-01-01T00:00:00Z');
      await registerLead(ledger.http, ids.quiet, { occurredAt: '2026-02-01T00:00:00Z' });
      await partner(ids.active, '2026-01-01T00:00:00Z');
      await engage(ledger.http, ids.active, { occurredAt: '2026-05-20T00:00:00Z' }).expect(201);
      // A lead recorded late, older than the engagement: the last activity stays the engagement.
      await partner(ids.late, '2026-01-01T00:00:00Z');
      await engage(ledger.http, ids.late, { occurredAt: '2026-05-25T00:00:00Z' }).expect(201);
      await registerLead(ledger.http, ids.late, { occurredAt: '2026-01-15T00:00:00Z' });
      // Gold: the only engineer on a line other than the flagship's expires 30 days after asOf.
      await partner(ids.gold, '2026-01-01T00:00:00Z');
      await earnCertification(ledger.http, ids.gold, { engineerId: 'eng-flagship', engineerName: 'Ada Lovelace', productLine: 'utm', occurredAt: '2026-05-01T00:00:00Z' });
      await earnCertification(ledger.http, ids.gold, { engineerId: 'eng-network', engineerName: 'Grace Hopper', productLine: 'network', expiresAt: '2026-07-01T00:00:00Z', occurredAt: '2026-05-02T00:00:00Z' });
      // Silver, its certification expiring in 90 days: beyond the 60 days looked at.
      await partner(ids.silver, '2026-01-01T00:00:00Z');
      const last = await earnCertification(ledger.http, ids.silver, { productLine: 'utm', expiresAt: '2026-08-30T00:00:00Z', occurredAt: '2026-05-03T00:00:00Z' });
      position = last.position as string;
    });
    afterAll(() => ledger?.close());

    const atRisk = (query: string) => read(ledger.http, `/partners/at-risk?${query}`, position);

    it('lists the partners quiet for atRiskAfterDays (90 by the rules in force at asOf), the quietest first, with their last activity', async () => {
      const answer = await atRisk(`asOf=${asOf}`);
      expect(answer).toEqual(expect.objectContaining({ asOf: '2026-06-01T00:00:00.000Z', days: 90, nextCursor: null }));
      expect(answer['items']).toEqual([
        { partnerId: ids.quietest, name: 'Acme Integration', typology: 'integrator', country: 'FR', tier: 'none', lastActivityType: 'PartnerRegistered', lastActivityAt: '2025-12-01T00:00:00.000Z', daysSinceLastActivity: 182 },
        { partnerId: ids.quiet, name: 'Acme Integration', typology: 'integrator', country: 'FR', tier: 'none', lastActivityType: 'LeadRegistered', lastActivityAt: '2026-02-01T00:00:00.000Z', daysSinceLastActivity: 120 },
      ]);
    });

    it('takes `days`, and pages with limit and cursor', async () => {
      expect((await atRisk(`asOf=${asOf}&days=150`))['items'].map((i: Json) => i['partnerId'])).toEqual([ids.quietest]);
      const quietFor7 = (await atRisk(`asOf=${asOf}&days=7`))['items'].map((i: Json) => i['partnerId']);
      expect(quietFor7).toEqual([ids.quietest, ids.quiet, ids.gold, ids.silver, ids.active, ids.late]);
      const first = await atRisk(`asOf=${asOf}&days=7&limit=4`);
      expect(first['items'].map((i: Json) => i['partnerId'])).toEqual(quietFor7.slice(0, 4));
      const second = await atRisk(`asOf=${asOf}&days=7&limit=4&cursor=${encodeURIComponent(first['nextCursor'])}`);
      expect(second['items'].map((i: Json) => i['partnerId'])).toEqual(quietFor7.slice(4));
      expect(second['nextCursor']).toBeNull();
    });

    it('lists a gold partner whose engineer\'s certification expires in 30 days in tierAtRisk: lines and dates, nobody named', async () => {
      const answer = await atRisk(`asOf=${asOf}`);
      expect(answer['tierAtRisk']).toEqual([
        { partnerId: ids.gold, name: 'Acme Integration', tier: 'gold', wouldBecome: 'silver', at: '2026-07-01T00:00:00.000Z', expiring: [{ productLine: 'network', expiresAt: '2026-07-01T00:00:00.000Z' }] },
      ]);
      expect(JSON.stringify(answer)).not.toMatch(/Ada Lovelace|Grace Hopper|eng-flagship|eng-network|pii:/);
      // 60 days before the silver partner's expiry, it is listed too.
      expect((await atRisk('asOf=2026-07-01T00:00:00Z'))['tierAtRisk'].map((t: Json) => t['partnerId'])).toEqual([ids.gold, ids.silver]);
    });

    it('defaults asOf to now, and days to atRiskAfterDays of the version in force at asOf', async () => {
      const before = Date.now();
      const now = await atRisk('');
      expect(Date.parse(now['asOf'])).toBeGreaterThanOrEqual(before - 1000);
      expect(now['days']).toBe(90);
      expect(now['items'].map((i: Json) => i['partnerId'])).toContain(ids.quietest);

      const published = await ledger.http.put('/program').send({ ...defaultPublishedRules(), effectiveFrom: '2030-01-01T00:00:00Z', atRiskAfterDays: 30 }).expect(201);
      const later = await read(ledger.http, '/partners/at-risk?asOf=2030-02-01T00:00:00Z', published.body.position);
      expect(later['days']).toBe(30);
      expect((await atRisk(`asOf=${asOf}`))['days']).toBe(90);
    });

    it('is not taken for a partner\'s id, and refuses bad parameters (400)', async () => {
      expect((await ledger.http.get('/partners/at-risk').expect(200)).body).toHaveProperty('tierAtRisk');
      for (const query of ['asOf=yesterday', 'asOf=2026-06-01T00:00:00', 'days=0', 'days=1.5', 'limit=0', 'cursor=%21', 'colour=red']) {
        expectProblem(await ledger.http.get(`/partners/at-risk?${query}`), 400);
      }
    });
  });
});
