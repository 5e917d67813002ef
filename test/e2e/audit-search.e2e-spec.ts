import { readFileSync } from 'node:fs';
import { get as httpGet, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { parseExportFilter } from '../../apps/ledger/src/audit-search';
import { exportEvents } from '../../apps/ledger/src/cli/audit-export';
import { AddressInfo } from 'node:net';
import { CommandAnswer, Json, certificationBody, expectProblem, incentiveBody, leadBody, partnerBody } from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * Who did what (GET /audit/events) and the export of the events as recorded (GET /audit/export):
 * two publishing services act in two rounds, and an auditor finds each one's events by actor,
 * type, stream, partner and time, pages through all of them, and takes them away as NDJSON.
 */
const KEYS = { crm: 'as-crm-secret-0123456789ab', erp: 'as-erp-secret-0123456789ab', auditor: 'as-auditor-secret-0123456789', analyst: 'as-analyst-secret-0123456789', admin: 'as-admin-secret-0123456789ab' };
type Who = keyof typeof KEYS;
const ENV = {
  LEDGER_API_KEYS: JSON.stringify([
    { name: 'crm', roles: ['publisher'], key: KEYS.crm },
    { name: 'erp', roles: ['publisher'], key: KEYS.erp },
    { name: 'audit-office', roles: ['auditor'], key: KEYS.auditor },
    { name: 'analytics', roles: ['analyst'], key: KEYS.analyst },
    { name: 'ops', roles: ['admin'], key: KEYS.admin },
  ]),
  // Two events a page: every export here spans many pages.
  PROJECTOR_REBUILD_BATCH_SIZE: '2',
};

const as = (http: Http, who: Who) => ({
  get: (path: string) => http.get(path).set('Authorization', `Bearer ${KEYS[who]}`),
  post: (path: string, body: object) => http.post(path).set('Authorization', `Bearer ${KEYS[who]}`).send(body),
});

async function command(http: Http, who: Who, path: string, body: object): Promise<CommandAnswer> {
  const response = await as(http, who).post(path, body);
  if (response.status !== 201) throw new Error(`POST ${path}: expected 201, got ${response.status} ${response.text}`);
  return response.body as CommandAnswer;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (events: Json[]) => events.map((e) => e['eventId'] as string);

describe.each(readStoreVariants())('who did what: audit search and export (%s)', (variant) => {
  let ledger: RunningLedger;
  let head: string;
  let partnerA: string;
  let partnerB: string;
  let leadA: string;
  /** Recorded between the two rounds. */
  let between: string;
  const rounds: { crm: string[]; erp: string[] } = { crm: [], erp: [] };
  /** Every event, as GET /audit/export gives them. */
  let all: Json[] = [];

  /** Every page of a search as the auditor, following nextCursor to the end. */
  async function search(query: string, who: Who = 'auditor'): Promise<{ items: Json[]; pages: number }> {
    const items: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/audit/events?${query}&minPosition=${head}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const response = await as(ledger.http, who).get(path);
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 200);
    return { items, pages };
  }

  /** GET /audit/export read by a client that takes a chunk, then waits before taking the next one. */
  function slowExport(query: string, who: Who = 'auditor'): Promise<{ response: IncomingMessage; body: string; chunks: number }> {
    const { port } = ledger.app.getHttpServer().address() as AddressInfo;
    return new Promise((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path: `/audit/export?${query}`, headers: { Authorization: `Bearer ${KEYS[who]}` } }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          parts.push(chunk);
          response.pause();
          setTimeout(() => response.resume(), 3);
        });
        response.on('end', () => resolve({ response, body: Buffer.concat(parts).toString('utf8'), chunks: parts.length }));
        response.on('error', reject);
      }).on('error', reject);
    });
  }

  const lines = (body: string) => (body === '' ? [] : body.trimEnd().split('\n').map((line) => JSON.parse(line) as Json));

  beforeAll(async () => {
    ledger = await startLedger(variant, undefined, ENV);
    const start = BigInt((await as(ledger.http, 'auditor').get('/projections').expect(200)).body.head);
    const a = await command(ledger.http, 'crm', '/partners', partnerBody({ occurredAt: '2026-03-01T08:00:00+01:00' }));
    partnerA = a.partnerId!;
    const lead = await command(ledger.http, 'crm', `/partners/${partnerA}/leads`, leadBody({ occurredAt: '2026-03-02T09:00:00Z' }));
    leadA = lead.leadId!;
    const won = await command(ledger.http, 'crm', `/leads/${leadA}/won`, { amount: '1250.10', currency: 'EUR', occurredAt: '2026-03-20T17:00:00Z' });
    const certified = await command(ledger.http, 'crm', `/partners/${partnerA}/certifications`, certificationBody({ engineerName: 'Ada Lovelace', occurredAt: '2026-03-25T10:00:00Z' }));
    const b = await command(ledger.http, 'crm', '/partners', partnerBody({ occurredAt: '2026-03-03T08:00:00Z' }));
    partnerB = b.partnerId!;
    await pause(20);
    between = new Date().toISOString();
    await pause(20);
    const awarded = await command(ledger.http, 'erp', `/partners/${partnerA}/incentives`, incentiveBody({ occurredAt: '2026-04-02T10:00:00Z' }));
    const leadB = await command(ledger.http, 'erp', `/partners/${partnerB}/leads`, leadBody({ occurredAt: '2026-04-03T10:00:00Z' }));
    head = leadB.position;
    // Each round's events, as the event store holds them (a command may record more than its answer names: a lead claims its opportunity too).
    all = lines((await as(ledger.http, 'auditor').get('/audit/export').expect(200)).text);
    const at = (e: Json) => BigInt(e['position']);
    rounds.crm = ids(all.filter((e) => at(e) > start && at(e) <= BigInt(b.position)));
    rounds.erp = ids(all.filter((e) => at(e) > BigInt(b.position)));
    expect(rounds.crm).toEqual(expect.arrayContaining([a, lead, won, certified, b].flatMap((answer) => answer.eventIds)));
    expect(rounds.erp).toEqual(expect.arrayContaining([awarded, leadB].flatMap((answer) => answer.eventIds)));
  });
  afterAll(() => ledger?.close());

  describe('GET /audit/events', () => {
    it('pages through every event to the end, none missed or repeated, in recorded order, each with its envelope and hash', async () => {
      const { items, pages } = await search('limit=2');
      expect(pages).toBeGreaterThan(3);
      const positions = items.map((e) => BigInt(e['position']));
      expect(new Set(positions).size).toBe(items.length);
      expect(positions[positions.length - 1]).toBe(BigInt(head));
      // Every event up to the head: the export reads them from the event store itself.
      expect(ids(items)).toEqual(ids(all));
      expect(ids(items)).toEqual(expect.arrayContaining([...rounds.crm, ...rounds.erp]));
      const win = items.find((e) => e['type'] === 'DealWon')!;
      expect(win).toEqual({
        eventId: expect.any(String), type: 'DealWon', schemaVersion: expect.any(Number), streamId: `lead-${leadA}`, partnerId: partnerA,
        revision: '1', position: expect.stringMatching(/^[1-9]\d*$/), occurredAt: '2026-03-20T17:00:00Z', recordedAt: expect.any(String),
        data: expect.objectContaining({ amount: { amount: '1250.10', currency: 'EUR' } }),
        metadata: expect.objectContaining({ actor: 'crm', source: 'http' }), hash: win['metadata']['hash'] ?? null,
      });
    });

    it('finds each actor\'s events, and combines filters', async () => {
      expect(ids((await search('actor=erp')).items)).toEqual(rounds.erp);
      const crm = ids((await search('actor=crm&limit=3')).items);
      expect(crm).toEqual(expect.arrayContaining(rounds.crm));
      expect(crm).not.toEqual(expect.arrayContaining([rounds.erp[0]]));
      const crmWins = (await search('actor=crm&type=DealWon')).items;
      expect(crmWins.map((e) => [e['type'], e['streamId']])).toEqual([['DealWon', `lead-${leadA}`]]);
      expect((await search('actor=erp&type=DealWon')).items).toEqual([]);
      expect((await search('actor=nobody')).items).toEqual([]);
    });

    it('filters by type (a list, comma-separated or repeated), stream, partner and source', async () => {
      const both = (await search('type=DealWon,LeadRegistered')).items;
      expect(both.map((e) => e['type']).sort()).toEqual(['DealWon', 'LeadRegistered', 'LeadRegistered']);
      expect(ids((await search('type=DealWon&type=LeadRegistered&limit=1')).items)).toEqual(ids(both));
      const stream = (await search(`streamId=lead-${leadA}`)).items;
      expect(stream.map((e) => [e['type'], e['revision']])).toEqual([['LeadRegistered', '0'], ['DealWon', '1']]);
      const history = await as(ledger.http, 'auditor').get(`/partners/${partnerA}/history?limit=500&minPosition=${head}`).expect(200);
      const ofA = (await search(`partnerId=${partnerA}&limit=2`)).items;
      expect(ids(ofA)).toEqual(ids(history.body.items));
      expect(ofA.every((e) => e['partnerId'] === partnerA)).toBe(true);
      expect(ids((await search(`partnerId=${partnerB}&actor=erp`)).items)).toEqual(ids(all.filter((e) => rounds.erp.includes(e['eventId']) && e['data']['partnerId'] === partnerB)));
      expect((await search(`partnerId=${partnerB}&actor=erp`)).items.map((e) => e['type'])).toEqual(['OpportunityClaimed', 'LeadRegistered']);
      expect((await search('source=http')).items.length).toBeGreaterThanOrEqual(rounds.crm.length + rounds.erp.length);
      expect((await search('source=kafka:crm')).items).toEqual([]);
    });

    it('bounds recordedAt by default, or occurredAt with time=occurred, from inclusive to exclusive', async () => {
      expect(ids((await search(`from=${encodeURIComponent(between)}&limit=1`)).items)).toEqual(rounds.erp);
      const before = ids((await search(`to=${encodeURIComponent(between)}`)).items);
      expect(before).toEqual(expect.arrayContaining(rounds.crm));
      expect(before).not.toEqual(expect.arrayContaining([rounds.erp[0]]));
      // 2026-03-20T17:00Z (the win) is in, the certification of the 25th is not; a day reads as its first instant in UTC.
      const occurred = (await search('time=occurred&from=2026-03-20T18:00:00%2B01:00&to=2026-03-25')).items;
      expect(occurred.map((e) => e['type'])).toEqual(['DealWon']);
      // Ordered by occurredAt, not as recorded.
      const march = (await search('time=occurred&from=2026-03&to=2026-04&limit=2')).items;
      const times = march.map((e) => Date.parse(e['occurredAt']));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // B registered on 3 March, recorded after A's win of the 20th: it comes first.
      const registeredB = march.findIndex((e) => e['type'] === 'PartnerRegistered' && e['partnerId'] === partnerB);
      expect(registeredB).toBeGreaterThanOrEqual(0);
      expect(registeredB).toBeLessThan(march.findIndex((e) => e['type'] === 'DealWon'));
      expect(march.map((e) => e['type'])).not.toContain('IncentiveAwarded');
    });

    it('shows personal data in clear to an auditor, as the history does', async () => {
      const [certified] = (await search(`type=CertificationEarned&partnerId=${partnerA}`)).items;
      expect(certified!['data']['engineerName']).toBe('Ada Lovelace');
    });

    it.each([
      ['an unknown event type', 'type=DealWon,Nope'],
      ['an empty type', 'type='],
      ['a from that is no instant', 'from=yesterday'],
      ['a to without an offset', 'to=2026-03-01T10:00:00'],
      ['an unknown time', 'time=later'],
      ['a limit over the maximum', 'limit=501'],
      ['an unknown parameter', 'who=crm'],
      ['an empty actor', 'actor='],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_what, query) => {
      expectProblem(await as(ledger.http, 'auditor').get(`/audit/events?${query}`), 400, 'VALIDATION_FAILED');
    });

    it('refuses a from not before to with 400 INVERTED_TIME_RANGE, in the search and in the export', async () => {
      for (const route of ['/audit/events', '/audit/export']) {
        for (const range of ['from=2026-04-01&to=2026-03-01', 'from=2026-03-01&to=2026-03-01T00:00:00Z']) {
          const refused = await as(ledger.http, 'auditor').get(`${route}?${range}`);
          expectProblem(refused, 400, 'INVERTED_TIME_RANGE');
          expect(refused.headers['content-type']).toMatch(/^application\/json/);
        }
      }
    });

    it('refuses a cursor it did not give with 400 INVALID_CURSOR', async () => {
      expectProblem(await as(ledger.http, 'auditor').get('/audit/events?cursor=not-ours'), 400, 'INVALID_CURSOR');
    });

    it('answers auditors and admins, not analysts or publishers', async () => {
      await as(ledger.http, 'admin').get('/audit/events').expect(200);
      expectProblem(await as(ledger.http, 'analyst').get('/audit/events'), 403, 'FORBIDDEN');
      expectProblem(await as(ledger.http, 'crm').get('/audit/export'), 403, 'FORBIDDEN');
    });
  });

  describe('GET /audit/export', () => {
    it('streams every event as recorded, one a line, in position order, as an NDJSON attachment, to a client that reads slowly', async () => {
      const { response, body, chunks } = await slowExport('');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="ledger-export-all-\d{8}T\d{6}Z\.ndjson"$/);
      expect(response.headers['x-ledger-export-through']).toBe(head);
      expect(chunks).toBeGreaterThan(1);
      const events = lines(body);
      expect(events.map((e) => e['position'])).toEqual(Array.from({ length: Number(head) }, (_, i) => String(i + 1)));
      const win = events.find((e) => e['type'] === 'DealWon')!;
      // As recorded: money in minor units, the metadata whole (with hash and prevHash once events are hashed).
      expect(win).toEqual(expect.objectContaining({ streamId: `lead-${leadA}`, revision: '1', data: expect.objectContaining({ amount: { minor: 125010, currency: 'EUR' } }) }));
      expect(win['metadata']).toEqual(expect.objectContaining({ actor: 'crm', source: 'http', correlationId: expect.any(String), causationId: expect.any(String) }));
      // Personal fields stay sealed, as stored: the file is evidence, not a view.
      const certified = events.find((e) => e['type'] === 'CertificationEarned')!;
      expect(JSON.stringify(certified['data'])).not.toContain('Ada Lovelace');
    });

    it('keeps a partner\'s events, of some types, within a time range', async () => {
      const history = await as(ledger.http, 'auditor').get(`/partners/${partnerA}/history?limit=500&minPosition=${head}`).expect(200);
      const { response, body } = await slowExport(`partnerId=${partnerA}`);
      expect(response.headers['content-disposition']).toContain(`ledger-export-${partnerA}-`);
      expect(ids(lines(body))).toEqual(ids(history.body.items));
      const wins = lines((await as(ledger.http, 'admin').get('/audit/export?type=DealWon,IncentiveAwarded').expect(200)).text);
      expect(wins.map((e) => e['type'])).toEqual(['DealWon', 'IncentiveAwarded']);
      expect(ids(lines((await as(ledger.http, 'auditor').get(`/audit/export?from=${encodeURIComponent(between)}`).expect(200)).text))).toEqual(rounds.erp);
      const none = await as(ledger.http, 'auditor').get('/audit/export?to=2000-01-01').expect(200);
      expect(none.text).toBe('');
    });

    it('writes the same lines to a file from the command line, with its options checked as the route checks its query', async () => {
      const file = join(ledger.dataDir, 'export.ndjson');
      const report = await exportEvents(ledger.app, parseExportFilter({ partnerId: partnerA, type: ['DealWon', 'LeadRegistered'] }), file, false);
      const http = (await as(ledger.http, 'auditor').get(`/audit/export?partnerId=${partnerA}&type=DealWon&type=LeadRegistered`).expect(200)).text;
      expect(readFileSync(file, 'utf8')).toBe(http);
      expect(report).toEqual(expect.objectContaining({ events: 2, through: BigInt(head) }));
      expect(() => parseExportFilter({ from: '2026-04-01', to: '2026-03-01' })).toThrow(/from must be before to/);
    });

    it('refuses bad filters with 400 before streaming anything, and analysts with 403', async () => {
      expectProblem(await as(ledger.http, 'auditor').get('/audit/export?type=Nope'), 400, 'VALIDATION_FAILED');
      expectProblem(await as(ledger.http, 'auditor').get('/audit/export?from=2026-04-01&to=2026-04-01'), 400, 'INVERTED_TIME_RANGE');
      expectProblem(await as(ledger.http, 'auditor').get('/audit/export?limit=3'), 400, 'VALIDATION_FAILED');
      expectProblem(await as(ledger.http, 'analyst').get('/audit/export'), 403, 'FORBIDDEN');
    });
  });
});
