import { expectProblem, Json, read, registerPartner } from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * What the OpenAPI document promises, and what the ledger answers beside its routes: a method
 * a path does not have is 405 with Allow. (test/contract/ runs Schemathesis over the whole
 * document; these are the cases stated once, readably.)
 */
describe.each(readStoreVariants())('API contract (%s)', (variant) => {
  let ledger: RunningLedger;
  let doc: Json;
  beforeAll(async () => {
    ledger = await startLedger(variant, undefined, { LEDGER_CURRENCY: 'CHF' });
    doc = (await ledger.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => ledger?.close());

  const schema = (name: string): Json => doc['components']['schemas'][name];
  const operations = (): [string, string, Json][] =>
    Object.entries(doc['paths'] as Json).flatMap(([path, methods]) => Object.entries(methods as Json).map(([method, op]): [string, string, Json] => [method, path, op]));

  describe('a method a path does not have', () => {
    it.each([
      ['DELETE', '/partners', 'GET, HEAD, POST, OPTIONS'],
      ['PUT', '/partners/p-1', 'GET, HEAD, OPTIONS'],
      ['PATCH', '/leads/lead-1/won', 'POST, OPTIONS'],
      ['GET', '/partners/p-1/certifications/expire', 'POST, OPTIONS'],
      // A path of its own, though GET /leads/:leadId would fit it.
      ['GET', '/leads/expire-due', 'POST, OPTIONS'],
      ['PUT', '/leads/expire-due', 'POST, OPTIONS'],
      ['TRACE', '/projections', 'GET, HEAD, OPTIONS'],
      ['POST', '/docs-json', 'GET, HEAD, OPTIONS'],
    ])('%s %s answers 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
      const response = await ledger.http[method.toLowerCase() as 'delete'](path);
      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers['allow']).toBe(allow);
    });

    it('answers OPTIONS with the methods the path has', async () => {
      const response = await ledger.http.options('/partners/p-1/leads').expect(204);
      expect(response.headers['allow']).toBe('GET, HEAD, POST, OPTIONS');
    });

    it.each([['GET', '/nowhere'], ['DELETE', '/partners/p-1/nowhere'], ['POST', '/leads/lead-1/nowhere']])('%s %s, a path that does not exist, stays 404 ROUTE_NOT_FOUND', async (method, path) => {
      const response = await ledger.http[method.toLowerCase() as 'get'](path);
      expectProblem(response, 404, 'ROUTE_NOT_FOUND');
      expect(response.headers['allow']).toBeUndefined();
    });

    it('changes nothing', async () => {
      const { partnerId, position } = await registerPartner(ledger.http, { occurredAt: '2026-03-01T08:00:00Z' });
      await ledger.http.delete(`/partners/${partnerId}`).expect(405);
      expect((await read(ledger.http, `/partners/${partnerId}`, position))['partnerId']).toBe(partnerId);
    });
  });

  describe('the OpenAPI document', () => {
    it('types nextCursor as a nullable string, and the cursor as opaque', async () => {
      for (const name of ['PartnerPageResponse', 'ScorecardPageResponse', 'HistoryPageResponse']) {
        expect({ name, nextCursor: { ...schema(name)['properties']['nextCursor'], description: undefined } }).toEqual({ name, nextCursor: { type: 'string', nullable: true, description: undefined } });
        expect(schema(name)['properties']['nextCursor']['description']).toMatch(/opaque/i);
        expect(schema(name)['required']).toContain('nextCursor');
      }
      const cursor = (doc['paths']['/partners']['get']['parameters'] as Json[]).find((p) => p['name'] === 'cursor')!;
      expect(cursor['description']).toMatch(/opaque/i);
      // and the server does send both
      await registerPartner(ledger.http);
      const { position } = await registerPartner(ledger.http);
      expect((await read(ledger.http, '/partners?limit=500', position))['nextCursor']).toBeNull();
      expect(typeof (await read(ledger.http, '/partners?limit=1', position))['nextCursor']).toBe('string');
    });

    it('states the bounds of Idempotency-Key and X-Correlation-Id on every command', () => {
      // A replay (POST /admin/replay) starts a maintenance job and records no event: not a command. An import's
      // lines are idempotent by their message ids; it takes X-Correlation-Id alone (test/imports checks it).
      const commands = operations().filter(([method, path]) => method === 'post' && path !== '/admin/replay' && path !== '/imports');
      expect(commands.length).toBeGreaterThanOrEqual(6);
      for (const [, path, op] of commands) {
        for (const name of ['Idempotency-Key', 'X-Correlation-Id']) {
          const header = (op['parameters'] as Json[]).find((p) => p['in'] === 'header' && p['name'] === name);
          expect({ path, name, schema: header?.['schema'] }).toEqual({ path, name, schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$' } });
        }
      }
    });

    it('gives every date field format date-time and the offset rule', () => {
      const dates: [string, string][] = [
        ['RegisterPartnerDto', 'occurredAt'], ['RegisterLeadDto', 'occurredAt'], ['WinDealDto', 'occurredAt'], ['EarnCertificationDto', 'occurredAt'],
        ['EarnCertificationDto', 'expiresAt'], ['ExpireCertificationsDto', 'asOf'], ['ExpireCertificationsDto', 'occurredAt'], ['AwardIncentiveDto', 'occurredAt'],
        ['ExpireDueCertificationsDto', 'asOf'], ['ExpireDueCertificationsDto', 'occurredAt'], ['ReevaluateTiersDto', 'asOf'], ['ReevaluateTiersDto', 'occurredAt'],
      ];
      for (const [name, field] of dates) {
        const property = schema(name)['properties'][field];
        expect({ name, field, format: property['format'] }).toEqual({ name, field, format: 'date-time' });
        expect(property['pattern']).toMatch(/\(Z\|\[\+-\]/);
        expect(property['description']).toMatch(/offset/);
      }
    });

    it('marks the personal fields, in what commands take and what queries show', () => {
      const marked: [string, string[]][] = [
        ['EarnCertificationDto', ['engineerId']], ['EarnCertificationDto', ['engineerName']],
        ['AwardIncentiveDto', ['recipient', 'personId']], ['AwardIncentiveDto', ['recipient', 'name']], ['AwardIncentiveDto', ['reason']],
      ];
      for (const [name, path] of marked) {
        const property = path.reduce((at, field) => at['properties'][field], schema(name));
        expect({ name, path, personal: property['x-personal-data'] }).toEqual({ name, path, personal: true });
      }
      expect(schema('EarnCertificationDto')['properties']['productLine']['x-personal-data']).toBeUndefined();
      const engineer = schema('PartnerResponse')['properties']['certifiedEngineers']['additionalProperties']['items'];
      expect(engineer['properties']['engineerName']['x-personal-data']).toBe(true);
      const tier = schema('PartnerTierResponse')['properties'];
      for (const list of ['engineers', 'expiringSoon', 'lapsedNotYetExpired']) {
        for (const field of ['engineerId', 'engineerName']) expect({ list, field, personal: tier[list]['items']['properties'][field]['x-personal-data'] }).toEqual({ list, field, personal: true });
      }
    });

    it('documents the sweeps\' answer and the tier route\'s problems', () => {
      for (const path of ['/certifications/expire-due', '/tiers/reevaluate']) {
        const op = doc['paths'][path].post;
        expect(op.summary).toEqual(expect.any(String));
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '503']));
        expect(op.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SweepResultDto' });
      }
      const tier = doc['paths']['/partners/{partnerId}/tier'].get;
      expect(tier.summary).toMatch(/60 days/);
      expect(Object.keys(tier.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '504']));
    });

    it('lists the currency and the product lines of the program rules in force', () => {
      const lines = ['utm', 'network', 'endpoint', 'email', 'cloud'];
      expect(schema('RegisterLeadDto')['properties']['estimatedValue']['properties']['currency']['enum']).toEqual(['CHF']);
      expect(schema('WinDealDto')['properties']['currency']['enum']).toEqual(['CHF']);
      expect(schema('AwardIncentiveDto')['properties']['value']['properties']['currency']['enum']).toEqual(['CHF']);
      expect(schema('WinDealDto')['properties']['lines']['items']['properties']['productLine']['enum']).toEqual(lines);
      expect(schema('EarnCertificationDto')['properties']['productLine']['enum']).toEqual(lines);
      expect(schema('ScorecardResponse')['properties']['currency']['enum']).toEqual(['CHF']);
    });

    it('documents 409 POSITION_NOT_REACHED and 504 READ_MODEL_NOT_READY on every route that takes minPosition', () => {
      const withMinPosition = operations().filter(([, , op]) => (op['parameters'] as Json[] | undefined)?.some((p) => p['name'] === 'minPosition'));
      expect(withMinPosition.map(([method, path]) => `${method} ${path}`).sort()).toEqual(
        [
          'get /audit/digest', 'get /audit/events', 'get /audit/proofs/consistency', 'get /audit/proofs/inclusion',
          'get /challenges', 'get /challenges/{challengeId}', 'get /challenges/{challengeId}/leaderboard', 'get /coop/claims', 'get /coop/roi',
          'get /leads/{leadId}', 'get /margins', 'get /margins/alerts', 'get /margins/drift', 'get /objectives', 'get /partners', 'get /partners/at-risk', 'get /partners/{partnerId}', 'get /partners/{partnerId}/coop', 'get /partners/{partnerId}/history',
          'get /partners/{partnerId}/leads', 'get /partners/{partnerId}/scorecards/{period}', 'get /partners/{partnerId}/scorecards/{period}/evidence', 'get /partners/{partnerId}/tier', 'get /scorecards', 'get /scorecards/rollup',
        ],
      );
      for (const [, path, op] of withMinPosition) {
        expect({ path, conflict: op['responses']['409']?.['description'] }).toEqual({ path, conflict: expect.stringContaining('POSITION_NOT_REACHED') });
        expect({ path, timeout: op['responses']['504']?.['description'] }).toEqual({ path, timeout: expect.stringContaining('READ_MODEL_NOT_READY') });
        const minPosition = (op['parameters'] as Json[]).find((p) => p['name'] === 'minPosition')!;
        const pattern = new RegExp(minPosition['schema']['pattern']);
        expect(['0', '18446744073709551615'].every((v) => pattern.test(v))).toBe(true);
        expect(['18446744073709551616', '-1', ''].some((v) => pattern.test(v))).toBe(false);
      }
    });

    it('links a command\'s answer to the routes its ids lead to', () => {
      const ids = new Set(operations().map(([, , op]) => op['operationId']));
      const links = Object.values(doc['paths']['/partners/{partnerId}/leads']['post']['responses']['201']['links'] as Json);
      expect(links).toEqual(['CommandsController_winDeal', 'CommandsController_extendLead', 'CommandsController_loseLead', 'QueriesController_getLead'].map(
        (operationId) => ({ operationId, parameters: { leadId: '$response.body#/leadId' } }),
      ));
      for (const [, , op] of operations()) {
        for (const link of Object.values((op['responses']['201']?.['links'] ?? {}) as Json)) expect(ids.has(link['operationId'])).toBe(true);
      }
    });
  });
});
