import { LedgerEventType, PERSONAL_DATA, SCHEMA_VERSION, SEALED_SCHEMA_VERSION } from '@ledger/domain';
import {
  CommandAnswer, DECIMAL_POSITION, Json, UUID, allPages, awardIncentive, earnCertification, expectProblem, headPosition, read, registerLead, registerPartner,
  uid, winDeal,
} from './support/ledger-api';
import { readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';
import { LEDGER_PROJECTIONS } from '../../apps/ledger/src/read-models/ledger-projections';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** GET /partners/:partnerId/history, GET /projections, GET /docs-json, and ?minPosition beyond the head or not reached in time. */
describe.each(readStoreVariants())('history and status (%s)', (variant) => {
  describe('GET /partners/:partnerId/history', () => {
    let ledger: RunningLedger;
    let partnerId: string;
    let leadId: string;
    let head: string;
    const answers: CommandAnswer[] = [];

    beforeAll(async () => {
      ledger = await startLedger(variant);
      const registered = await registerPartner(ledger.http, { occurredAt: '2026-03-01T08:00:00+01:00' });
      partnerId = registered.partnerId;
      answers.push(registered);
      const lead = await ledger.http
        .post(`/partners/${partnerId}/leads`)
        .set('X-Correlation-Id', 'crm-batch-42')
        .send({ leadId: uid('lead'), customer: { id: 'C-1', name: 'Initech' }, project: 'SD-WAN', estimatedValue: { amount: '30000.00', currency: 'EUR' }, occurredAt: '2026-03-02T09:00:00Z' })
        .expect(201);
      leadId = lead.body.leadId;
      answers.push(lead.body);
      // another partner's activity in between must not show in this history
      const other = await registerPartner(ledger.http);
      await registerLead(ledger.http, other.partnerId);
      answers.push(await winDeal(ledger.http, leadId, {
        amount: '1250.10', currency: 'EUR', occurredAt: '2026-03-20T17:00:00Z',
        lines: [{ productLine: 'utm', product: 'UTM-500', revenue: '1250.10', margin: '312.53' }],
      }));
      answers.push(await earnCertification(ledger.http, partnerId, { engineerId: 'eng-1', productLine: 'utm', occurredAt: '2026-03-21T10:00:00Z' }));
      answers.push(await awardIncentive(ledger.http, partnerId, { value: { amount: '75.50', currency: 'EUR' }, occurredAt: '2026-03-22T10:00:00Z' }));
      await earnCertification(ledger.http, other.partnerId);
      head = await headPosition(ledger.http);
    });
    afterAll(() => ledger?.close());

    it('holds every event of the partner and of its leads, in position order, with the whole envelope', async () => {
      const { items, nextCursor } = await read(ledger.http, `/partners/${partnerId}/history`, head);
      expect(nextCursor).toBeNull();
      expect(items.map((e: Json) => [e['type'], e['streamId']])).toEqual([
        ['PartnerRegistered', `partner-${partnerId}`],
        ['OpportunityClaimed', expect.stringMatching(/^opportunity-/)],
        ['LeadRegistered', `lead-${leadId}`],
        ['DealWon', `lead-${leadId}`],
        ['CertificationEarned', `partner-${partnerId}`],
        ['TierChanged', `partner-${partnerId}`],
        ['IncentiveAwarded', `partner-${partnerId}`],
      ]);
      const positions = items.map((e: Json) => BigInt(e['position']));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(positions).size).toBe(positions.length);
      for (const event of items as Json[]) {
        expect(Object.keys(event).sort()).toEqual(
          ['data', 'eventId', 'metadata', 'occurredAt', 'position', 'recordedAt', 'revision', 'schemaVersion', 'streamId', 'type'],
        );
        expect(event).toEqual(expect.objectContaining({
          eventId: expect.stringMatching(UUID), schemaVersion: expect.any(Number), revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(DECIMAL_POSITION),
          occurredAt: expect.stringMatching(ISO_INSTANT), recordedAt: expect.stringMatching(ISO_INSTANT),
        }));
        expect(event['metadata']).toEqual(expect.objectContaining({
          actor: expect.any(String), source: 'http', correlationId: expect.any(String), causationId: expect.any(String),
        }));
        expect(event['data']['partnerId']).toBe(partnerId);
        // Types with personal fields are recorded sealed, as their second version.
        expect(event['schemaVersion']).toBe(PERSONAL_DATA[event['type'] as LedgerEventType] ? SEALED_SCHEMA_VERSION : SCHEMA_VERSION);
      }
    });

    it('matches what the commands answered: event ids, streams, revisions and positions', async () => {
      const { items } = await read(ledger.http, `/partners/${partnerId}/history?limit=500`, head);
      const byId = new Map((items as Json[]).map((e) => [e['eventId'], e]));
      for (const answer of answers) {
        const last = byId.get(answer.eventIds[answer.eventIds.length - 1]!);
        expect(last).toEqual(expect.objectContaining({ streamId: answer.streamId, revision: answer.revision, position: answer.position }));
        for (const id of answer.eventIds) expect(byId.get(id)?.['metadata']['causationId']).toBe(last!['metadata']['causationId']);
      }
      const [registered, claimed, lead, won] = items as Json[];
      expect(registered!['occurredAt']).toBe('2026-03-01T08:00:00+01:00');
      expect(registered!['revision']).toBe('0');
      expect([lead!['revision'], won!['revision']]).toEqual(['0', '1']);
      expect(claimed!['metadata']['correlationId']).toBe('crm-batch-42');
      expect(lead!['metadata']['correlationId']).toBe('crm-batch-42');
      expect(lead!['metadata']['causationId']).toBe(claimed!['metadata']['causationId']);
    });

    it('shows money in event data as decimal strings', async () => {
      const { items } = await read(ledger.http, `/partners/${partnerId}/history`, head);
      const ofType = (type: string) => (items as Json[]).find((e) => e['type'] === type)!['data'];
      expect(ofType('LeadRegistered')).toEqual(expect.objectContaining({
        leadId, customer: { id: 'C-1', name: 'Initech' }, project: 'SD-WAN', estimatedValue: { amount: '30000.00', currency: 'EUR' },
      }));
      expect(ofType('DealWon')).toEqual({
        leadId, partnerId, amount: { amount: '1250.10', currency: 'EUR' },
        lines: [{ productLine: 'utm', product: 'UTM-500', revenue: { amount: '1250.10', currency: 'EUR' }, margin: { amount: '312.53', currency: 'EUR' } }],
      });
      expect(ofType('IncentiveAwarded')['value']).toEqual({ amount: '75.50', currency: 'EUR' });
      expect(ofType('TierChanged')).toEqual(expect.objectContaining({ from: 'none', to: 'silver', reason: expect.any(String) }));
    });

    it.each([1, 2, 3, 7])('pages with limit=%i through the same events in the same order', async (limit) => {
      const whole = (await read(ledger.http, `/partners/${partnerId}/history?limit=500`, head))['items'];
      const pages = await allPages(ledger.http, `/partners/${partnerId}/history?limit=${limit}`, head);
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
      expect(pages.flat()).toEqual(whole);
    });

    it('answers 404 PARTNER_NOT_FOUND for a partner never registered', async () => {
      expectProblem(await ledger.http.get(`/partners/${uid('ghost')}/history`), 404, 'PARTNER_NOT_FOUND');
    });
  });

  describe('GET /projections and GET /docs-json', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant);
    });
    afterAll(() => ledger?.close());

    it('reports each projection\'s checkpoint and lag', async () => {
      // A new ledger holds one event: version 1 of the program's rules, recorded at its first start.
      await read(ledger.http, '/scorecards?period=2026-03', '1');
      const empty = await ledger.http.get('/projections').expect(200);
      expect(empty.body).toEqual({
        head: '1',
        projections: expect.arrayContaining([
          { name: 'partner-activity', checkpoint: '1', lag: '0', generation: 1, holder: expect.stringMatching(/^.+:\d+:[0-9a-f]{8}$/), epoch: 1 },
          { name: 'audit-events', checkpoint: '1', lag: '0', generation: 1, holder: expect.stringMatching(/^.+:\d+:[0-9a-f]{8}$/), epoch: 1 },
        ]),
      });

      const { partnerId } = await registerPartner(ledger.http);
      const { position } = await earnCertification(ledger.http, partnerId);
      await read(ledger.http, `/partners/${partnerId}`, position); // every projection has applied it
      const status = await ledger.http.get('/projections').expect(200);
      expect(status.body.head).toBe(position);
      expect((status.body.projections as Json[]).map((p) => p['name']).sort()).toEqual(LEDGER_PROJECTIONS.map((p) => p.name).sort());
      for (const projection of status.body.projections as Json[]) {
        expect(projection).toEqual({ name: expect.any(String), checkpoint: position, lag: '0', generation: 1, holder: expect.any(String), epoch: expect.any(Number) });
      }
    });

    it('describes every route in OpenAPI', async () => {
      const { body: doc } = await ledger.http.get('/docs-json').expect(200);
      const routes: [string, string][] = [
        ['post', '/partners'], ['post', '/partners/{partnerId}/leads'], ['post', '/leads/{leadId}/won'],
        ['post', '/partners/{partnerId}/certifications'], ['post', '/partners/{partnerId}/certifications/expire'], ['post', '/partners/{partnerId}/incentives'],
        ['get', '/partners/{partnerId}'], ['get', '/partners'], ['get', '/partners/{partnerId}/scorecards/{period}'], ['get', '/scorecards'],
        ['get', '/partners/{partnerId}/history'], ['get', '/projections'],
        ['post', '/certifications/expire-due'], ['post', '/tiers/reevaluate'], ['get', '/partners/{partnerId}/tier'],
      ];
      for (const [method, path] of routes) expect({ route: `${method} ${path}`, documented: Boolean(doc.paths?.[path]?.[method]) }).toEqual({ route: `${method} ${path}`, documented: true });
      for (const [method, path] of routes.filter(([m]) => m === 'post')) {
        const operation = doc.paths[path][method];
        expect(operation.requestBody).toBeDefined();
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '400']));
      }
      expect(Object.keys(doc.paths['/leads/{leadId}/won'].post.responses)).toEqual(expect.arrayContaining(['404', '409', '422']));
      expect(Object.keys(doc.paths['/partners/{partnerId}'].get.responses)).toEqual(expect.arrayContaining(['400', '404', '504']));
      // Every query documents the shape of its answer, not only its errors.
      for (const [method, path] of routes.filter(([m]) => m === 'get')) {
        const ok = doc.paths[path][method].responses['200'];
        expect({ route: path, schema: Boolean(ok?.content?.['application/json']?.schema) }).toEqual({ route: path, schema: true });
      }
      const partnerSchema = JSON.stringify(doc.components?.schemas ?? {});
      expect(partnerSchema).toContain('certifiedEngineers');
      // Every command route documents 503 OVERLOADED with its Retry-After header.
      for (const [method, path] of routes.filter(([m]) => m === 'post')) {
        expect({ route: path, retryAfter: Boolean(doc.paths[path][method].responses['503']?.headers?.['Retry-After']) }).toEqual({ route: path, retryAfter: true });
      }
      // Operation ids stay what clients generated from earlier versions.
      expect(doc.paths['/partners'].post.operationId).toBe('CommandsController_registerPartner');
      expect(doc.paths['/leads/{leadId}/won'].post.operationId).toBe('CommandsController_winDeal');
      expect(doc.paths['/partners'].get.operationId).toBe('QueriesController_listPartners');
      expect(doc.paths['/partners/{partnerId}/history'].get.operationId).toBe('QueriesController_getHistory');
    });

    it('serves the OpenAPI UI at /docs', async () => {
      const response = await ledger.http.get('/docs').redirects(1).expect(200);
      expect(response.text).toMatch(/swagger/i);
    });
  });

  describe('?minPosition beyond the head', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(variant, undefined, { QUERY_WAIT_MS: '5000' });
    });
    afterAll(() => ledger?.close());

    it.each(['/partners/{id}', '/partners', '/partners/{id}/scorecards/2026-03', '/scorecards?period=2026-03', '/partners/{id}/history'])(
      'GET %s answers 409 POSITION_NOT_REACHED at once, without waiting QUERY_WAIT_MS',
      async (route) => {
        const { partnerId, position } = await registerPartner(ledger.http);
        const head = await headPosition(ledger.http);
        const beyond = (BigInt(head) + 1n).toString();
        const path = route.replace('{id}', partnerId);
        const started = Date.now();
        const response = await ledger.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${beyond}`);
        expectProblem(response, 409, 'POSITION_NOT_REACHED');
        expect(response.body).toEqual(expect.objectContaining({ minPosition: beyond, head }));
        expect(Date.now() - started).toBeLessThan(2000);
        // the same read at the real head answers at once
        await ledger.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`).expect(200);
      },
    );

    it.each(['18446744073709551616', '99999999999999999999', '-1', '1e3', ' 1'])('refuses minPosition=%j with 400: positions are 0 to 2^64 − 1', async (value) => {
      expectProblem(await ledger.http.get(`/partners?minPosition=${encodeURIComponent(value)}`), 400, 'VALIDATION_FAILED');
    });

    it('takes minPosition=2^64 − 1 as a position (beyond the head: 409)', async () => {
      expectProblem(await ledger.http.get('/partners?minPosition=18446744073709551615'), 409, 'POSITION_NOT_REACHED');
    });
  });

  describe('?minPosition at or below the head that the read models have not reached', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      // Projectors off: the read models never catch up with what is appended.
      ledger = await startLedger(variant, undefined, { QUERY_WAIT_MS: '300', PROJECTOR_ENABLED: 'false' });
    });
    afterAll(() => ledger?.close());

    it('answers 504 READ_MODEL_NOT_READY after QUERY_WAIT_MS', async () => {
      const { partnerId, position } = await registerPartner(ledger.http);
      const started = Date.now();
      expectProblem(await ledger.http.get(`/partners/${partnerId}?minPosition=${position}`), 504, 'READ_MODEL_NOT_READY');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});
