import { defaultPublishedRules } from '@ledger/domain';
import { Json, earnCertification, read, registerPartner } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** POST /certifications/expire-due, POST /tiers/reevaluate and GET /partners/:partnerId/tier. */
describe.each(readStoreVariants())('tiers (%s)', (variant) => {
  describe('POST /certifications/expire-due', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('expires what has lapsed at every partner, and answers the partners visited, the certifications expired and the tier changes', async () => {
      const gold = (await registerPartner(ledger.http)).partnerId;
      await earnCertification(ledger.http, gold, { engineerId: 'g-1', productLine: 'utm', occurredAt: '2026-01-10T00:00:00Z', expiresAt: '2026-02-10T00:00:00Z' });
      await earnCertification(ledger.http, gold, { engineerId: 'g-2', productLine: 'network', occurredAt: '2026-01-10T00:00:00Z' });
      const silver = (await registerPartner(ledger.http)).partnerId;
      await earnCertification(ledger.http, silver, { engineerId: 's-1', productLine: 'utm', occurredAt: '2026-01-10T00:00:00Z', expiresAt: '2026-05-01T00:00:00Z' });
      const idle = (await registerPartner(ledger.http)).partnerId;

      const { body } = await ledger.http.post('/certifications/expire-due').send({ asOf: '2026-03-01T00:00:00Z' }).expect(201);
      expect(body).toEqual({
        asOf: '2026-03-01T00:00:00Z',
        partnersVisited: 3,
        certificationsExpired: 1,
        tierChanges: [{ partnerId: gold, from: 'gold', to: 'none', reason: 'gold -> none: 1 certification(s) expired', rulesVersion: 1 }],
        position: expect.stringMatching(/^[1-9]\d*$/),
        eventIds: [expect.any(String), expect.any(String)],
      });
      expect((await read(ledger.http, `/partners/${gold}`, body.position))['tier']).toBe('none');
      expect((await read(ledger.http, `/partners/${silver}`, body.position))['tier']).toBe('silver');
      expect((await read(ledger.http, `/partners/${idle}`, body.position))['tier']).toBe('none');

      // Again: nothing is due any more, nothing is recorded.
      const again = await ledger.http.post('/certifications/expire-due').send({ asOf: '2026-03-01T00:00:00Z' }).expect(201);
      expect(again.body).toMatchObject({ partnersVisited: 3, certificationsExpired: 0, tierChanges: [], position: '0', eventIds: [] });

      // Later, the silver partner's lapses too; the per-partner route still works beside it.
      const later = await ledger.http.post('/certifications/expire-due').send({ asOf: '2026-06-01T00:00:00Z' }).expect(201);
      expect(later.body.tierChanges).toEqual([expect.objectContaining({ partnerId: silver, from: 'silver', to: 'none' })]);
      await ledger.http.post(`/partners/${gold}/certifications/expire`).send({ asOf: '2026-06-01T00:00:00Z' }).expect(201);
    });

    it('records once under the same Idempotency-Key, and refuses what is malformed', async () => {
      const partnerId = (await registerPartner(ledger.http)).partnerId;
      await earnCertification(ledger.http, partnerId, { engineerId: 'i-1', productLine: 'utm', occurredAt: '2026-07-01T00:00:00Z', expiresAt: '2026-08-01T00:00:00Z' });
      const send = () => ledger.http.post('/certifications/expire-due').set('Idempotency-Key', `sweep-${partnerId}`).send({ asOf: '2026-09-01T00:00:00Z' }).expect(201);
      const first = (await send()).body as Json;
      const second = (await send()).body as Json;
      expect(first['certificationsExpired']).toBe(1);
      expect(second['eventIds']).toEqual(first['eventIds']);
      const history = await read(ledger.http, `/partners/${partnerId}/history?limit=50`, first['position']);
      expect(history['items'].filter((e: Json) => e['type'] === 'CertificationExpired')).toHaveLength(1);

      await ledger.http.post('/certifications/expire-due').send({ asOf: '2026-09-01' }).expect(400);
      await ledger.http.post('/certifications/expire-due').send({ before: '2026-09-01T00:00:00Z' }).expect(400);
    });
  });

  describe('POST /tiers/reevaluate', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    // Version 2, from 2027: two engineers on the flagship for Silver and Gold.
    const stricter = {
      ...defaultPublishedRules(),
      effectiveFrom: '2027-01-01T00:00:00Z',
      tiers: { silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 1 }, platinum: { engineersCertifiedOnEveryLine: 3 } },
    };
    const at = '2026-10-01T00:00:00Z';

    it('records a TierChanged only where the version in force at asOf gives another tier, naming that version', async () => {
      const demoted = (await registerPartner(ledger.http)).partnerId;
      await earnCertification(ledger.http, demoted, { engineerId: 'd-1', productLine: 'utm', occurredAt: at });
      await earnCertification(ledger.http, demoted, { engineerId: 'd-2', productLine: 'network', occurredAt: at });
      const kept = (await registerPartner(ledger.http)).partnerId;
      for (const [engineerId, productLine] of [['k-1', 'utm'], ['k-2', 'utm'], ['k-3', 'email']]) {
        await earnCertification(ledger.http, kept, { engineerId, productLine, occurredAt: at });
      }
      const lapsing = (await registerPartner(ledger.http)).partnerId;
      await earnCertification(ledger.http, lapsing, { engineerId: 'l-1', productLine: 'utm', occurredAt: at, expiresAt: '2026-12-15T00:00:00Z' });
      await earnCertification(ledger.http, lapsing, { engineerId: 'l-2', productLine: 'utm', occurredAt: at });
      await earnCertification(ledger.http, lapsing, { engineerId: 'l-3', productLine: 'cloud', occurredAt: at });

      const published = await ledger.http.put('/program').send(stricter).expect(201);
      expect(published.body.version).toBe(2);

      // Before version 2 takes effect, version 1 judges: nothing changes.
      const before = await ledger.http.post('/tiers/reevaluate').send({ asOf: '2026-11-01T00:00:00Z' }).expect(201);
      expect(before.body).toMatchObject({ rulesVersion: 1, partnersVisited: 3, certificationsExpired: 0, tierChanges: [], eventIds: [] });

      const { body } = await ledger.http.post('/tiers/reevaluate').send({ asOf: '2027-01-01T00:00:00Z', occurredAt: '2027-01-01T00:00:00Z' }).expect(201);
      expect(body).toMatchObject({ asOf: '2027-01-01T00:00:00Z', rulesVersion: 2, partnersVisited: 3, certificationsExpired: 1 });
      expect(body.tierChanges).toHaveLength(2);
      expect(body.tierChanges).toEqual(expect.arrayContaining([
        { partnerId: demoted, from: 'gold', to: 'none', reason: 'gold -> none: re-evaluated under program rules version 2', rulesVersion: 2 },
        // What lapsed by asOf is expired first: the drop names that cause, judged by version 2.
        { partnerId: lapsing, from: 'gold', to: 'none', reason: 'gold -> none: 1 certification(s) expired', rulesVersion: 2 },
      ]));
      expect((await read(ledger.http, `/partners/${demoted}`, body.position))['tier']).toBe('none');
      expect((await read(ledger.http, `/partners/${kept}`, body.position))['tier']).toBe('gold');
      expect((await read(ledger.http, `/partners/${lapsing}`, body.position))['tier']).toBe('none');
      const history = await read(ledger.http, `/partners/${demoted}/history?limit=50`, body.position);
      const change = history['items'].filter((e: Json) => e['type'] === 'TierChanged').at(-1);
      expect(change['data']).toMatchObject({ from: 'gold', to: 'none', rulesVersion: 2 });
      expect(change['occurredAt']).toBe('2027-01-01T00:00:00Z');

      // Again: every tier already is what version 2 gives.
      const again = await ledger.http.post('/tiers/reevaluate').send({ asOf: '2027-01-02T00:00:00Z' }).expect(201);
      expect(again.body).toMatchObject({ rulesVersion: 2, partnersVisited: 3, certificationsExpired: 0, tierChanges: [], position: '0', eventIds: [] });
    });

    it('refuses a malformed body', async () => {
      await ledger.http.post('/tiers/reevaluate').send({ asOf: 'tomorrow' }).expect(400);
      await ledger.http.post('/tiers/reevaluate').send({ version: 2 }).expect(400);
    });
  });

  describe('GET /partners/:partnerId/tier', () => {
    const KEYS = { analyst: 'analyst-secret-0123456789ab', auditor: 'auditor-secret-0123456789ab', publisher: 'publisher-secret-0123456789', admin: 'admin-secret-0123456789abcd' };
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant, undefined, {
        LEDGER_API_KEYS: JSON.stringify([
          { name: 'crm', roles: ['publisher'], key: KEYS.publisher },
          { name: 'analytics', roles: ['analyst'], key: KEYS.analyst },
          { name: 'audit-office', roles: ['auditor'], key: KEYS.auditor },
          { name: 'ops', roles: ['admin'], key: KEYS.admin },
        ]),
      });
    });
    afterAll(() => ledger?.close());

    const DAY = 86_400_000;
    // One moment for the whole suite, to the second: the same day offset is the same text in every call.
    const NOW = Math.floor(Date.now() / 1000) * 1000;
    const inDays = (n: number) => new Date(NOW + n * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const as = (role: keyof typeof KEYS) => ({
      post: (path: string, body: Json) => ledger.http.post(path).set('Authorization', `Bearer ${KEYS[role]}`).send(body),
      get: (path: string) => ledger.http.get(path).set('Authorization', `Bearer ${KEYS[role]}`),
    });
    const earn = async (partnerId: string, body: Json) => {
      const response = await as('publisher').post(`/partners/${partnerId}/certifications`, body);
      expect(response.status).toBe(201);
      return response.body as Json;
    };
    const tierOf = async (partnerId: string, position: string, role: keyof typeof KEYS = 'auditor') => {
      const response = await as(role).get(`/partners/${partnerId}/tier?minPosition=${position}`);
      expect(response.status).toBe(200);
      return response.body as Json;
    };

    it('answers the tier, since when, by which version, the engineers behind it and what would lower it within 60 days', async () => {
      const registered = await as('publisher').post('/partners', { name: 'Signed Soon', typology: 'integrator', territory: { country: 'FR' }, occurredAt: inDays(-100) });
      const partnerId = registered.body.partnerId as string;
      const fresh = await tierOf(partnerId, registered.body.position);
      expect(fresh).toMatchObject({ partnerId, tier: 'none', since: inDays(-100), rulesVersion: 1, engineers: [], expiringSoon: [], tierIn60Days: 'none', tierInForce: 'none', lapsedNotYetExpired: [] });

      await earn(partnerId, { engineerId: 'ada', engineerName: 'Ada Lovelace', productLine: 'utm', occurredAt: inDays(-20), expiresAt: inDays(30) });
      const gold = await earn(partnerId, { engineerId: 'linus', engineerName: 'Linus T', productLine: 'network', occurredAt: inDays(-10) });
      const answer = await tierOf(partnerId, gold.position);
      expect(answer).toEqual({
        partnerId,
        tier: 'gold',
        since: inDays(-10),
        rulesVersion: 1,
        engineers: [
          { engineerId: 'ada', engineerName: 'Ada Lovelace', certifications: [{ productLine: 'utm', expiresAt: inDays(30) }] },
          { engineerId: 'linus', engineerName: 'Linus T', certifications: [{ productLine: 'network' }] },
        ],
        // Ada's flagship certification is the only one: when it lapses the partner is no longer even silver.
        expiringSoon: [{ engineerId: 'ada', engineerName: 'Ada Lovelace', productLine: 'utm', expiresAt: inDays(30), tierWithout: 'none' }],
        tierIn60Days: 'none',
        evaluatedAt: expect.any(String),
        rulesVersionInForce: 1,
        tierInForce: 'gold',
        lapsedNotYetExpired: [],
      });

      // A second flagship engineer: neither lowers the tier alone, both together would.
      await earn(partnerId, { engineerId: 'grace', engineerName: 'Grace H', productLine: 'utm', occurredAt: inDays(-5), expiresAt: inDays(40) });
      // Beyond 60 days: not listed.
      const last = await earn(partnerId, { engineerId: 'grace', engineerName: 'Grace H', productLine: 'cloud', occurredAt: inDays(-5), expiresAt: inDays(90) });
      const two = await tierOf(partnerId, last.position);
      expect(two).toMatchObject({ tier: 'gold', since: inDays(-10), expiringSoon: [], tierIn60Days: 'none', tierInForce: 'gold' });
      expect(two['engineers']).toContainEqual({ engineerId: 'grace', engineerName: 'Grace H', certifications: [{ productLine: 'utm', expiresAt: inDays(40) }, { productLine: 'cloud', expiresAt: inDays(90) }] });
    });

    it('shows a lapse no command has expired yet, and the tier it leaves; the expiry sweep then records it', async () => {
      const registered = await as('publisher').post('/partners', { name: 'Lapsing', typology: 'var', territory: { country: 'BE' }, occurredAt: inDays(-200) });
      const partnerId = registered.body.partnerId as string;
      const silver = await earn(partnerId, { engineerId: 'solo', productLine: 'utm', occurredAt: inDays(-100), expiresAt: inDays(-1) });
      const stale = await tierOf(partnerId, silver.position);
      expect(stale).toMatchObject({
        tier: 'silver', since: inDays(-100), tierInForce: 'none', engineers: [], expiringSoon: [],
        lapsedNotYetExpired: [{ engineerId: 'solo', productLine: 'utm', expiresAt: inDays(-1) }],
      });

      const swept = await as('admin').post('/certifications/expire-due', {});
      expect(swept.status).toBe(201);
      expect(swept.body.tierChanges).toContainEqual(expect.objectContaining({ partnerId, from: 'silver', to: 'none' }));
      const after = await tierOf(partnerId, swept.body.position);
      expect(after).toMatchObject({ tier: 'none', tierInForce: 'none', rulesVersion: 1, lapsedNotYetExpired: [] });
      expect(Date.parse(after['since'])).toBeGreaterThan(Date.now() - 60_000);
    });

    it('reveals the engineers as GET /partners/:partnerId does: in clear to auditors and admins, withheld from analysts', async () => {
      const registered = await as('publisher').post('/partners', { name: 'Private', typology: 'isv', territory: { country: 'DE' } });
      const partnerId = registered.body.partnerId as string;
      const expiresAt = inDays(10);
      const earned = await earn(partnerId, { engineerId: 'eng-private', engineerName: 'Erika M', productLine: 'utm', expiresAt });
      const analyst = await tierOf(partnerId, earned.position, 'analyst');
      expect(analyst['engineers']).toEqual([{ engineerId: '[personal]', engineerName: '[personal]', certifications: [{ productLine: 'utm', expiresAt }] }]);
      expect(analyst['expiringSoon']).toEqual([{ engineerId: '[personal]', engineerName: '[personal]', productLine: 'utm', expiresAt, tierWithout: 'none' }]);
      expect(JSON.stringify(analyst)).not.toContain('Erika');
      const admin = await tierOf(partnerId, earned.position, 'admin');
      expect(admin['engineers'][0]).toMatchObject({ engineerId: 'eng-private', engineerName: 'Erika M' });
      const profile = await as('analyst').get(`/partners/${partnerId}`);
      expect(profile.body.certifiedEngineers.utm[0]).toMatchObject({ engineerId: '[personal]', engineerName: '[personal]' });
    });

    it('is 404 for a partner never registered, 403 for a publisher', async () => {
      const missing = await as('analyst').get('/partners/never-registered/tier');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('PARTNER_NOT_FOUND');
      expect((await as('publisher').get('/partners/never-registered/tier')).status).toBe(403);
    });
  });
});
