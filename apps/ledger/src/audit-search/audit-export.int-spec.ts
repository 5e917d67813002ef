import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { exportPages, exportStream, ExportFilter } from './audit-export';

const metadata = { actor: 'crm', source: 'http', correlationId: 'c', causationId: 'c' };
const event = (n: number, type: string, partnerId: string, occurredAt: string): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, schemaVersion: 1, occurredAt, metadata, type, data: { partnerId, n },
});

/** The export read from a real embedded event store, a few events a page. */
describe('audit export', () => {
  let folder: string;
  let store: SqliteEventStore;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'audit-export-'));
    store = new SqliteEventStore({ file: join(folder, 'events.sqlite') });
    for (let n = 0; n < 40; n++) {
      const partnerId = n % 2 === 0 ? 'even' : 'odd';
      await store.append(`partner-${partnerId}`, [event(n, n % 4 < 2 ? 'DealWon' : 'LeadRegistered', partnerId, `2026-03-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00+02:00`)], 'any');
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const exported = async (filter: ExportFilter, through?: bigint) => {
    const lines: string[] = [];
    for await (const page of exportPages(store, filter, through ?? (await store.headPosition()), { pageSize: 3 })) lines.push(...page.text.trimEnd().split('\n'));
    return lines.map((line) => JSON.parse(line) as { position: string; type: string; data: { n: number; partnerId: string }; metadata: object });
  };

  it('writes every event as recorded, one a line, in position order, up to the position given', async () => {
    const all = await exported({ time: 'recorded' });
    expect(all.map((e) => e.data.n)).toEqual([...Array(40).keys()]);
    expect(all[0]).toEqual(expect.objectContaining({ type: 'DealWon', streamId: 'partner-even', revision: '0', position: expect.stringMatching(/^\d+$/), metadata: { ...metadata, hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: null } }));
    const through = BigInt(all[9]!.position);
    expect((await exported({ time: 'recorded' }, through)).map((e) => e.data.n)).toEqual([...Array(10).keys()]);
  });

  it('keeps the events of a partner, of the types given, within [from, to) of the time chosen', async () => {
    expect((await exported({ time: 'recorded', partnerId: 'odd', types: ['DealWon'] })).map((e) => e.data.n)).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 33, 37]);
    // 10:00 at +02:00 is 08:00 UTC: the 3rd from 08:00Z on, before the 5th.
    const occurred = await exported({ time: 'occurred', from: '2026-03-03T08:00:00Z', to: '2026-03-05T08:00:00Z' });
    expect(occurred.map((e) => e.data.n)).toEqual([2, 3, 30, 31]);
    expect(await exported({ time: 'recorded', to: '2000-01-01T00:00:00Z' })).toEqual([]);
  });

  it('reads the next page only once the reader has taken the one before', async () => {
    let produced = 0;
    async function* pages() {
      for (let page = 0; page < 50; page++) {
        produced += 1;
        yield { text: `${'x'.repeat(64 * 1024)}\n` };
      }
    }
    let taken = 0;
    let mostAhead = 0;
    const slowReader = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, done) {
        taken += 1;
        mostAhead = Math.max(mostAhead, produced - taken);
        setTimeout(done, 2);
      },
    });
    await pipeline(exportStream(pages()), slowReader);
    expect(taken).toBe(50);
    expect(mostAhead).toBeLessThanOrEqual(2);
  });
});
