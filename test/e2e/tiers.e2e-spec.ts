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
});
