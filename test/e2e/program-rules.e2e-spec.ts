import { defaultPublishedRules } from '@ledger/domain';
import { DECIMAL_POSITION, Json, earnCertification, expectProblem, read, registerPartner, uid } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** A PUT /program body: version 1's rules with `overrides`. */
const rulesBody = (overrides: Json = {}): Json => ({ ...defaultPublishedRules(), ...overrides });

/** Version 1 as GET /program shows it. */
const VERSION_1 = { ...defaultPublishedRules(), version: 1, currency: 'EUR' };

const publish = (http: Http, body: Json) => http.put('/program').send(body);

/** The TierChanged events of a partner's history, in order. */
async function tierChanges(http: Http, partnerId: string, position: string): Promise<Json[]> {
  const history = await read(http, `/partners/${partnerId}/history?limit=500`, position);
  return (history['items'] as Json[]).filter((event) => event['type'] === 'TierChanged').map((event) => event['data'] as Json);
}

/** PUT /program, GET /program, GET /program/versions: the program's rules as versions. */
describe.each(readStoreVariants())('program rules (%s)', (variant) => {
  describe('versions', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('has version 1, the defaults, in force from the beginning of time on a fresh ledger', async () => {
      expect((await ledger.http.get('/program').expect(200)).body).toEqual(VERSION_1);
      expect((await ledger.http.get('/program/versions').expect(200)).body).toEqual({ items: [VERSION_1] });
      expect(VERSION_1.effectiveFrom).toBe('0001-01-01T00:00:00Z');
    });

    it('publishes version 2, in force from its effectiveFrom', async () => {
      const body = rulesBody({ effectiveFrom: '2026-06-01T00:00:00Z', leadProtectionDays: 120, minimumMargins: { utm: '12.5', network: { minimum: '10', products: { 'NET-9000': '15' } } },
        coop: { ratesByTier: { none: '0', silver: '1', gold: '2', platinum: '3.5' }, launchGrant: '2000.00', launchMonths: 6 } });
      const response = await publish(ledger.http, body).expect(201);
      expect(response.body).toEqual(expect.objectContaining({ streamId: 'program', version: 2, position: expect.stringMatching(DECIMAL_POSITION) }));
      expect(response.body.eventIds).toHaveLength(1);

      const version2 = { ...body, version: 2, currency: 'EUR' };
      expect((await ledger.http.get('/program').expect(200)).body).toEqual(version2);
      expect((await ledger.http.get('/program?asOf=2026-05-31T23:59:59Z').expect(200)).body).toEqual(VERSION_1);
      expect((await ledger.http.get('/program?asOf=2026-06-01T01:59:59%2B02:00').expect(200)).body).toEqual(VERSION_1);
      expect((await ledger.http.get('/program?asOf=2026-06-01T00:00:00Z').expect(200)).body).toEqual(version2);
      expect((await ledger.http.get('/program?asOf=1999-01-01T00:00:00Z').expect(200)).body).toEqual(VERSION_1);
      expect((await ledger.http.get('/program/versions').expect(200)).body).toEqual({ items: [VERSION_1, version2] });
    });

    it('keeps percents given as numbers as their decimal strings', async () => {
      const body = rulesBody({ effectiveFrom: '2026-06-15T00:00:00Z', minimumMargins: { utm: 12.5 }, coop: { ratesByTier: { gold: 2.25 }, launchGrant: 1500 } });
      const { version } = (await publish(ledger.http, body).expect(201)).body;
      const { body: published } = await ledger.http.get('/program?asOf=2026-06-15T00:00:00Z').expect(200);
      expect(published).toEqual(expect.objectContaining({ version, minimumMargins: { utm: '12.5' }, coop: { ratesByTier: { gold: '2.25' }, launchGrant: '1500.00' } }));
    });

    it('defaults coop and minimumMargins to nothing', async () => {
      const { coop: _coop, minimumMargins: _margins, ...body } = rulesBody({ effectiveFrom: '2026-07-01T00:00:00Z' });
      const { version } = (await publish(ledger.http, body).expect(201)).body;
      const { body: published } = await ledger.http.get('/program?asOf=2026-07-01T00:00:00Z').expect(200);
      expect(published).toEqual(expect.objectContaining({ version, coop: {}, minimumMargins: {} }));
    });

    it('refuses an effectiveFrom earlier than the previous version\'s: 422 EFFECTIVE_FROM_BEFORE_PREVIOUS', async () => {
      const before = (await ledger.http.get('/program/versions').expect(200)).body.items.length;
      expectProblem(await publish(ledger.http, rulesBody({ effectiveFrom: '2026-01-01T00:00:00Z' })), 422, 'EFFECTIVE_FROM_BEFORE_PREVIOUS');
      expect((await ledger.http.get('/program/versions').expect(200)).body.items).toHaveLength(before);
    });

    it.each([
      ['a flagship that is not a product line', { flagshipLine: 'storage' }, 'FLAGSHIP_NOT_A_PRODUCT_LINE'],
      ['a product line twice', { productLines: ['utm', 'network', 'utm'] }, 'DUPLICATE_PRODUCT_LINE'],
      ['a minimum margin for a line the program does not have', { minimumMargins: { storage: '10' } }, 'UNKNOWN_PRODUCT_LINE'],
      ['a tier without criteria', { tiers: { silver: {}, gold: { flagshipEngineers: 1 }, platinum: { flagshipEngineers: 2 } } }, 'TIER_WITHOUT_CRITERIA'],
    ])('refuses %s: 422', async (_what, overrides, code) => {
      expectProblem(await publish(ledger.http, rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', ...overrides })), 422, code);
    });

    it.each([
      ['no body', {}],
      ['an unknown field', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', currency: 'USD' })],
      ['a date without an offset', rulesBody({ effectiveFrom: '2030-01-01T00:00:00' })],
      ['zero days', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', leadProtectionDays: 0 })],
      ['fractional days', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', loyaltyWindowDays: 1.5 })],
      ['negative extensions', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', maxLeadExtensions: -1 })],
      ['no product line', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', productLines: [] })],
      ['a negative criterion', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', tiers: { ...defaultPublishedRules().tiers, gold: { flagshipEngineers: -1 } } })],
      ['an unknown criterion', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', tiers: { ...defaultPublishedRules().tiers, gold: { partners: 1 } } })],
      ['a margin that is not a percent', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', minimumMargins: { utm: '12,5' } })],
      ['coop that is not an object', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', coop: [] })],
      ['a co-op rule the program does not have', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', coop: { rate: '0.02' } })],
      ['a co-op rate above 100 %', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', coop: { ratesByTier: { gold: '120' } } })],
      ['a negative launch grant', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', coop: { launchGrant: '-2000.00' } })],
      ['a fractional launch phase', rulesBody({ effectiveFrom: '2030-01-01T00:00:00Z', coop: { launchMonths: 1.5 } })],
    ])('refuses %s: 400', async (_what, body) => {
      expectProblem(await publish(ledger.http, body), 400);
    });

    it('refuses an asOf that is not a date: 400', async () => {
      expectProblem(await ledger.http.get('/program?asOf=yesterday'), 400);
      expectProblem(await ledger.http.get('/program?asOf=2026-02-30T00:00:00Z'), 400);
      expectProblem(await ledger.http.get('/program?when=2026-01-01T00:00:00Z'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('two publishes at once', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('get consecutive versions, decided by the stream', async () => {
      const answers = await Promise.all([1, 2].map((n) => publish(ledger.http, rulesBody({ effectiveFrom: '2026-01-01T00:00:00Z', atRiskAfterDays: 60 + n }))));
      for (const answer of answers) expect(answer.status).toBe(201);
      expect(answers.map((a) => a.body.version).sort()).toEqual([2, 3]);
      const { body } = await ledger.http.get('/program/versions').expect(200);
      expect(body.items.map((v: Json) => v['version'])).toEqual([1, 2, 3]);
      const byVersion = new Map(answers.map((a, i) => [a.body.version, 61 + i]));
      for (const version of body.items.slice(1)) expect(version.atRiskAfterDays).toBe(byVersion.get(version.version));
    });

    it('answers a retry with the same Idempotency-Key with the version first published, and publishes nothing', async () => {
      const body = rulesBody({ effectiveFrom: '2026-02-01T00:00:00Z' });
      const first = await publish(ledger.http, body).set('Idempotency-Key', 'publish-once').expect(201);
      const retry = await publish(ledger.http, body).set('Idempotency-Key', 'publish-once').expect(201);
      expect(retry.body).toEqual(first.body);
      expect(first.body.version).toBe(4);
      expect((await ledger.http.get('/program/versions').expect(200)).body.items).toHaveLength(4);
    });
  });

  describe('a fact is judged by the rules in force when it occurred', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
      // Version 2, from 2027: Silver takes two engineers certified on the flagship.
      const stricter = rulesBody({
        effectiveFrom: '2027-01-01T00:00:00Z',
        tiers: { silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 1 }, platinum: { engineersCertifiedOnEveryLine: 3 } },
      });
      expect((await publish(ledger.http, stricter).expect(201)).body.version).toBe(2);
    });
    afterAll(() => ledger?.close());

    it('a certification of 2026, reported now, is judged by version 1', async () => {
      const { partnerId } = await registerPartner(ledger.http, { occurredAt: '2026-01-01T00:00:00Z' });
      const earned = await earnCertification(ledger.http, partnerId, { productLine: 'utm', occurredAt: '2026-06-01T00:00:00Z' });
      expect((await read(ledger.http, `/partners/${partnerId}`, earned.position))['tier']).toBe('silver');
      expect(await tierChanges(ledger.http, partnerId, earned.position)).toEqual([expect.objectContaining({ from: 'none', to: 'silver', rulesVersion: 1 })]);
    });

    it('a certification of 2027 is judged by version 2: one engineer is not enough, a second makes it Silver', async () => {
      const { partnerId } = await registerPartner(ledger.http, { occurredAt: '2026-01-01T00:00:00Z' });
      const first = await earnCertification(ledger.http, partnerId, { engineerId: uid('eng'), productLine: 'utm', occurredAt: '2027-02-01T00:00:00Z' });
      expect((await read(ledger.http, `/partners/${partnerId}`, first.position))['tier']).toBe('none');
      expect(await tierChanges(ledger.http, partnerId, first.position)).toEqual([]);

      const second = await earnCertification(ledger.http, partnerId, { engineerId: uid('eng'), productLine: 'utm', occurredAt: '2027-02-02T00:00:00Z' });
      expect((await read(ledger.http, `/partners/${partnerId}`, second.position))['tier']).toBe('silver');
      expect(await tierChanges(ledger.http, partnerId, second.position)).toEqual([expect.objectContaining({ from: 'none', to: 'silver', rulesVersion: 2 })]);
    });
  });

  describe('the OpenAPI document', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('lists the product lines of the version in force when it is read, not of the one at start', async () => {
      const documentedLines = async () => ((await ledger.http.get('/docs-json').expect(200)).body as Json)['components']['schemas']['EarnCertificationDto']['properties']['productLine']['enum'];
      expect(await documentedLines()).not.toContain('storage');
      const productLines = [...(defaultPublishedRules().productLines as string[]), 'storage'];
      await publish(ledger.http, rulesBody({ effectiveFrom: new Date(Date.now() - 60_000).toISOString(), productLines })).expect(201);
      expect(await documentedLines()).toEqual(productLines);
      // and a version still to come is not in the document yet
      await publish(ledger.http, rulesBody({ effectiveFrom: '2099-01-01T00:00:00Z', productLines: [...productLines, 'quantum'] })).expect(201);
      expect(await documentedLines()).toEqual(productLines);
    });
  });

  describe('who may publish', () => {
    const KEYS = { admin: uid('admin-secret-0123456789'), publisher: uid('publisher-secret-012345'), analyst: uid('analyst-secret-01234567') };
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant, undefined, {
        LEDGER_API_KEYS: JSON.stringify(Object.entries(KEYS).map(([role, key]) => ({ name: role, roles: [role], key }))),
      });
    });
    afterAll(() => ledger?.close());

    it('refuses a key without the admin role: 403, and records nothing', async () => {
      for (const key of [KEYS.publisher, KEYS.analyst]) {
        expectProblem(await publish(ledger.http, rulesBody({ effectiveFrom: '2026-01-01T00:00:00Z' })).set('Authorization', `Bearer ${key}`), 403, 'FORBIDDEN');
      }
      const { body } = await ledger.http.get('/program/versions').set('Authorization', `Bearer ${KEYS.publisher}`).expect(200);
      expect(body.items).toHaveLength(1);
    });

    it('lets an admin publish, and any role read', async () => {
      const { body } = await publish(ledger.http, rulesBody({ effectiveFrom: '2026-01-01T00:00:00Z' })).set('Authorization', `Bearer ${KEYS.admin}`).expect(201);
      expect(body.version).toBe(2);
      for (const key of Object.values(KEYS)) {
        expect((await ledger.http.get('/program').set('Authorization', `Bearer ${key}`).expect(200)).body.version).toBe(2);
      }
    });
  });
});
