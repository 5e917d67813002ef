import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectProblem, headPosition, read, uid } from '../e2e/support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from '../e2e/support/ledger-harness';
import { dealWon, Json, leadRegistered, partnerRegistered } from '../kafka/support/messages';

const NDJSON = 'application/x-ndjson';
const ndjson = (lines: (Json | string)[]) => `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;
const post = (http: Http, body: string, type = NDJSON) => http.post('/imports').set('Content-Type', type).send(body);

/** `POST /imports`: an NDJSON body of facts in the Kafka message format, read as it streams in. */
describe.each(readStoreVariants())('POST /imports (%s)', (variant) => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    // NORMAL: an fsync per commit would make this suite about the disk, not the import. The test
    // read stores (FerretDB) project thousands of documents slowly: reads wait up to a minute.
    ledger = await startLedger(variant, undefined, { SQLITE_SYNCHRONOUS: 'NORMAL', QUERY_WAIT_MS: '60000' });
  });
  afterAll(() => ledger?.close());

  it('records the valid lines, refuses the others by line number with the dead-letter codes, and a second time finds them all recorded', async () => {
    const partnerId = uid('par');
    const leadId = uid('lead');
    const body = ndjson([
      partnerRegistered(partnerId),
      leadRegistered(partnerId, leadId),
      '{"id": not json',
      '',
      dealWon(leadId),
      { ...partnerRegistered(uid('par')), type: 'PartnerRenamed' },
      leadRegistered(uid('nobody'), uid('lead')),
      { ...partnerRegistered(uid('par')), occurredAt: 'yesterday' },
    ]);
    const first = await post(ledger.http, body).set('X-Correlation-Id', 'backfill-7');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      recorded: 3,
      alreadyRecorded: 0,
      refused: 4,
      refusals: [
        { line: 3, code: 'MALFORMED_JSON', message: expect.any(String) },
        { line: 6, code: 'UNKNOWN_MESSAGE_TYPE', message: expect.stringContaining('PartnerRenamed') },
        { line: 7, code: 'PARTNER_NOT_FOUND', message: expect.any(String) },
        { line: 8, code: 'VALIDATION_FAILED', message: expect.stringContaining('occurredAt') },
      ],
      lastPosition: await headPosition(ledger.http),
    });
    const history = await read(ledger.http, `/partners/${partnerId}/history?limit=100`, first.body.lastPosition);
    const types = (history['items'] as Json[]).map((e) => e['type']);
    expect(types).toEqual(expect.arrayContaining(['PartnerRegistered', 'LeadRegistered', 'DealWon']));
    for (const event of history['items'] as Json[]) expect(event['metadata']).toMatchObject({ correlationId: 'backfill-7', source: 'kafka:crm' });

    const again = await post(ledger.http, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recorded: 0, alreadyRecorded: 3, refused: 4, lastPosition: first.body.lastPosition });
    expect(await headPosition(ledger.http)).toBe(first.body.lastPosition);
  });

  it('takes a body far larger than a command body, in several chunks, without the JSON body limit', async () => {
    const partners = Array.from({ length: 2500 }, () => partnerRegistered(uid('bulk')));
    const body = ndjson(partners);
    expect(body.length).toBeGreaterThan(64 * 1024 * 8);
    const response = await post(ledger.http, body);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ recorded: 2500, alreadyRecorded: 0, refused: 0, refusals: [] });
    const last = partners[partners.length - 1]!['payload']['partnerId'];
    expect((await read(ledger.http, `/partners/${last}`, response.body.lastPosition))['partnerId']).toBe(last);
  }, 180_000);

  it('lists the first 1,000 refusals and counts them all', async () => {
    const response = await post(ledger.http, ndjson(Array.from({ length: 1200 }, () => '[]')));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ recorded: 0, refused: 1200, lastPosition: null });
    expect(response.body.refusals).toHaveLength(1000);
    expect(response.body.refusals[999]).toMatchObject({ line: 1000, code: 'VALIDATION_FAILED' });
  });

  it('refuses an empty body, a body of blank lines, another media type and a bad correlation id', async () => {
    expectProblem(await post(ledger.http, ''), 400, 'EMPTY_BODY');
    expectProblem(await post(ledger.http, '\n \n'), 400, 'EMPTY_BODY');
    expectProblem(await post(ledger.http, JSON.stringify(partnerRegistered(uid('par'))), 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await post(ledger.http, 'x', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await post(ledger.http, ndjson([partnerRegistered(uid('par'))])).set('X-Correlation-Id', 'has space'), 400, 'INVALID_HEADER');
  });

  it('keeps what arrived before a client cut the body off, and records the rest once it is sent again', async () => {
    const partners = Array.from({ length: 2100 }, () => partnerRegistered(uid('cut')));
    const body = ndjson(partners);
    const url = new URL(`http://127.0.0.1:${(ledger.app.getHttpServer().address() as AddressInfo).port}/imports`);
    const cut = httpRequest(url, { method: 'POST', headers: { 'content-type': NDJSON } });
    cut.on('error', () => undefined);
    // The first chunk (2,000 lines) whole, then part of a line, then the connection is gone.
    const firstChunk = body.split('\n').slice(0, 2000).join('\n').length + 1;
    cut.write(body.slice(0, firstChunk + 50));
    const head = await headPosition(ledger.http);
    for (let waited = 0; (await headPosition(ledger.http)) === head && waited < 30_000; waited += 50) await sleep(50);
    cut.destroy();
    // The chunk in hand is finished all the same: wait until nothing more is appended.
    for (let last = '', now = await headPosition(ledger.http); now !== last; last = now, await sleep(1000), now = await headPosition(ledger.http));
    const again = await post(ledger.http, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recorded: 100, alreadyRecorded: 2000, refused: 0 });
  }, 120_000);

  it('is documented: an NDJSON string body, the answer\'s schema, X-Correlation-Id\'s bounds, the problems', async () => {
    const { body: doc } = await ledger.http.get('/docs-json').expect(200);
    const op = doc.paths['/imports'].post;
    expect(op.requestBody).toMatchObject({ required: true, content: { [NDJSON]: { schema: { type: 'string' } } } });
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '415', '503']);
    const answer = op.responses['200'].content['application/json'].schema;
    const schema = answer.$ref ? doc.components.schemas[answer.$ref.split('/').pop()] : answer;
    expect(Object.keys(schema.properties).sort()).toEqual(['alreadyRecorded', 'lastPosition', 'recorded', 'refusals', 'refused']);
    const header = op.parameters.find((p: Json) => p['in'] === 'header' && p['name'] === 'X-Correlation-Id');
    expect(header.schema).toEqual({ type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$' });
  });
});
