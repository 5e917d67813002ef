import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastChainValue, verifyStreamChain } from '@ledger/audit';
import { HISTORY_SEALED } from '@ledger/domain';
import { EventStore, NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { historySealedEventId, sealHistory } from './seal-history';

const NOW = () => '2026-06-01T00:00:00.000Z';
const newEvent = (n: number): NewEvent => ({
  eventId: randomUUID(), type: 'IncentiveAwarded', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z', data: { n },
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'r' },
});

describe('audit seal', () => {
  let folder: string;
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-seal-'));
    file = join(folder, 'events.sqlite');
    store = new SqliteEventStore({ file });
    // Rows as an earlier release wrote them: no hash.
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [streamId, count] of [['partner-old', 3], ['lead-old', 1]] as const) {
      for (let revision = 0; revision < count; revision++) {
        insert.run(randomUUID(), streamId, revision, 'T', 1, '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', JSON.stringify({ revision }), JSON.stringify({ actor: 'old', source: 'http', correlationId: 'c', causationId: 'r' }));
      }
    }
    db.close();
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('seals only the streams holding unhashed events, each once, at the chain value of their last one', async () => {
    await store.append('partner-new', [newEvent(0)], 'no_stream');
    const legacy = await store.readStream('partner-old');
    expect(await sealHistory(store, { now: NOW })).toEqual({ streamsSealed: 2, alreadySealed: 0, eventsCovered: 4 });
    const [seal] = await store.readStream('partner-old', { fromRevision: 3n });
    expect(seal).toMatchObject({
      eventId: historySealedEventId('partner-old'), type: HISTORY_SEALED, occurredAt: NOW(),
      data: { sealedThroughRevision: 2, sealedEvents: 3, sealedHash: lastChainValue(legacy) }, metadata: { prevHash: lastChainValue(legacy) },
    });
    expect(await store.readStream('partner-new')).toHaveLength(1);
    expect(await sealHistory(store, { now: NOW })).toEqual({ streamsSealed: 0, alreadySealed: 2, eventsCovered: 0 });
    expect(verifyStreamChain('partner-old', await store.readStream('partner-old'))).toMatchObject({ verified: true, legacyEvents: 3, chainedEvents: 1 });
  });

  it('reads the stream again and seals it after the events a running ledger appended meanwhile', async () => {
    let raced = false;
    const racing: EventStore = Object.create(store, {
      append: {
        value: async (streamId: string, events: NewEvent[], expected: bigint) => {
          if (!raced && streamId === 'partner-old') {
            raced = true;
            await store.append(streamId, [newEvent(9)], expected); // a command lands first
          }
          return store.append(streamId, events, expected);
        },
      },
    });
    expect(await sealHistory(racing, { now: NOW })).toMatchObject({ streamsSealed: 2 });
    const events = await store.readStream('partner-old');
    expect(events.map((e) => e.type)).toEqual(['T', 'T', 'T', 'IncentiveAwarded', HISTORY_SEALED]);
    expect(events[4]!.data).toMatchObject({ sealedThroughRevision: 2, sealedEvents: 3 });
    expect(verifyStreamChain('partner-old', events).verified).toBe(true);
  });
});
