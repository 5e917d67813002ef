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
});
