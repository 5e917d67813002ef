import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendResult, NewEvent } from '../event-store.port';
import { EventIdConflictError, WrongExpectedRevisionError } from '../event-store.errors';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { describeEventStoreIdentityContract } from '../testing/event-store-identity.contract';
import { lastChainValue, verifyStreamChain } from '@ledger/audit';
import { SqliteEventStore } from './sqlite-event-store';

const folder = mkdtempSync(join(tmpdir(), 'ledger-events-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// UNIQUE(event_id): an id recorded in one stream is refused in every other.
describeEventStoreContract('embedded (SQLite file)', async () => new SqliteEventStore({ file: join(folder, 'events.sqlite') }), {
  globallyUniqueEventIds: true,
});

// A name is a file: the same file opened again is the same store, another file another store.
describeEventStoreIdentityContract('embedded (SQLite file)', async (name) => new SqliteEventStore({ file: join(folder, `identity-${name}.sqlite`) }), {
  kind: 'embedded',
  distinctStores: true,
});

/**
 * Appends made in the same turn of the event loop share one transaction (one savepoint each)
 * and one fsync; each keeps its own outcome.
 */
describe('embedded event store: appends committed together', () => {
  const event = (data: Record<string, unknown> = {}): NewEvent => ({
    eventId: randomUUID(),
    type: 'T',
    schemaVersion: 1,
    occurredAt: '2026-03-14T09:30:00.000Z',
    data,
    metadata: { actor: 'spec', source: 'test', correlationId: randomUUID(), causationId: randomUUID() },
  });
  const file = () => join(folder, `group-${randomUUID()}.sqlite`);
  const settled = (outcome: PromiseSettledResult<AppendResult>) => {
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  };
  const reason = (outcome: PromiseSettledResult<AppendResult>) => (outcome.status === 'rejected' ? outcome.reason : 'fulfilled');

  let store: SqliteEventStore;
  let path: string;
  beforeEach(() => {
    path = file();
    store = new SqliteEventStore({ file: path });
  });
  afterEach(() => store.close());

  it('commits the good appends of a group and refuses only those whose expected revision does not hold', async () => {
    const others = Array.from({ length: 20 }, (_, n) => ({ streamId: `partner-${n}`, event: event({ n }) }));
    const [a, b, c, d, e] = [event({ n: 'a' }), event({ n: 'b' }), event({ n: 'c' }), event({ n: 'd' }), event({ n: 'e' })];
    const outcomes = await Promise.allSettled([
      ...others.map((o) => store.append(o.streamId, [o.event], 'no_stream')),
      store.append('partner-shared', [a], 'no_stream'),
      store.append('partner-shared', [b], 0n), // sees a, appended just before in the same group
      store.append('partner-shared', [c], 0n), // stale: b is at 1
      store.append('partner-shared', [d], 'no_stream'),
      store.append('partner-shared', [e], 'stream_exists'),
      store.append('partner-bad-data', [event({ amount: 1n })], 'no_stream'), // JSON cannot hold a bigint
    ]);

    const results = outcomes.slice(0, 20).map(settled);
    expect(results.map((r) => r.revision)).toEqual(others.map(() => 0n));
    const positions = results.map((r) => r.position);
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);

    const [first, second, stale, notNew, exists, bad] = outcomes.slice(20);
    expect(settled(first!)).toMatchObject({ revision: 0n, duplicate: false });
    expect(settled(second!)).toMatchObject({ revision: 1n, duplicate: false });
    expect(settled(second!).position).toBeGreaterThan(settled(first!).position);
    expect(reason(stale!)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(reason(stale!).actual).toBe(1n);
    expect(reason(notNew!)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(settled(exists!)).toMatchObject({ revision: 2n });
    expect(reason(bad!)).toBeInstanceOf(TypeError);

    expect((await store.readStream('partner-shared')).map((x) => x.data['n'])).toEqual(['a', 'b', 'e']);
    expect(await store.readStream('partner-bad-data')).toEqual([]);
    for (const o of others) expect((await store.readStream(o.streamId)).map((x) => x.eventId)).toEqual([o.event.eventId]);
    const all = await store.readAll({ maxCount: 100 });
    expect(all).toHaveLength(23);
    expect(all.map((x) => x.position)).toEqual([...positions, settled(first!).position, settled(second!).position, settled(exists!).position]);
  });

  it('answers a retry in the same group as its original as a duplicate, and records it once', async () => {
    const events = [event({ n: 1 }), event({ n: 2 })];
    const [original, retry, later] = await Promise.all([
      store.append('partner-retried', events, 'no_stream'),
      store.append('partner-retried', events, 'no_stream'),
      store.append('partner-retried', [event({ n: 3 })], 1n),
    ]);
    expect(original.duplicate).toBe(false);
    expect(retry).toEqual({ ...original, duplicate: true });
    expect(later.revision).toBe(2n);
    // and a retry in a later group, whatever revision it expected
    await expect(store.append('partner-retried', events, 'no_stream')).resolves.toMatchObject({ duplicate: true, position: original.position });
    expect(await store.readStream('partner-retried')).toHaveLength(3);
  });

  it('refuses an id reused in another stream or in another order, in the same group, and commits the rest', async () => {
    const reused = event();
    const [x, y] = [event(), event()];
    const outcomes = await Promise.allSettled([
      store.append('partner-one', [reused], 'no_stream'),
      store.append('partner-two', [reused], 'no_stream'),
      store.append('partner-three', [x, y], 'no_stream'),
      store.append('partner-three', [y, x], 'no_stream'),
      store.append('partner-three', [y, event()], 'any'),
      store.append('partner-four', [event()], 'no_stream'),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.duplicate : o.reason.constructor))).toEqual([
      false, EventIdConflictError, false, EventIdConflictError, EventIdConflictError, false,
    ]);
    expect(await store.readStream('partner-two')).toEqual([]);
    expect(await store.readStream('partner-three')).toHaveLength(2);
    expect(await store.readStream('partner-four')).toHaveLength(1);
  });

  it('refuses an append that repeats an id of its own, alone', async () => {
    const twice = event();
    const [repeated, fine] = await Promise.allSettled([
      store.append('partner-repeats', [twice, twice], 'no_stream'),
      store.append('partner-fine', [event()], 'no_stream'),
    ]);
    expect(reason(repeated!)).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(settled(fine!).revision).toBe(0n);
    expect(await store.readStream('partner-repeats')).toEqual([]);
  });

  it('commits the appends of one turn together', async () => {
    // Each commit writes the pages it changed to the WAL again: 20 commits write ~20 times more.
    const walGrowth = async (appendAll: (streams: string[]) => Promise<unknown>) => {
      const before = statSync(`${path}-wal`).size;
      await appendAll(Array.from({ length: 20 }, () => `partner-${randomUUID()}`));
      return statSync(`${path}-wal`).size - before;
    };
    await store.append('partner-first', [event()], 'no_stream'); // creates the WAL
    const together = await walGrowth((streams) => Promise.all(streams.map((s) => store.append(s, [event()], 'no_stream'))));
    const oneByOne = await walGrowth(async (streams) => {
      for (const s of streams) await store.append(s, [event()], 'no_stream');
    });
    expect(together * 5).toBeLessThan(oneByOne);
  });

  it('answers an append only once it is committed', async () => {
    const other = new Database(path, { readonly: true });
    try {
      const count = () => other.prepare('SELECT COUNT(*) FROM events').pluck().get();
      const appending = store.append('partner-durable', [event()], 'no_stream');
      expect(count()).toBe(0);
      await appending;
      expect(count()).toBe(1);
    } finally {
      other.close();
    }
  });

  it('commits the appends waiting for a stream before reading it, so that its writers decide against the latest revision', async () => {
    const other = new Database(path, { readonly: true });
    try {
      const count = () => other.prepare('SELECT COUNT(*) FROM events').pluck().get();
      const appending = [store.append('partner-read', [event()], 'no_stream'), store.append('partner-unread', [event()], 'no_stream')];
      expect(await store.readStream('partner-elsewhere')).toEqual([]);
      expect(await store.findInStream('partner-elsewhere', ['x'])).toEqual([]);
      expect(count()).toBe(0); // reading other streams leaves the group to gather
      expect(await store.readStream('partner-read')).toHaveLength(1);
      expect(count()).toBe(2);
      await expect(Promise.all(appending)).resolves.toMatchObject([{ revision: 0n }, { revision: 0n }]);
      const next = event();
      const appendingNext = store.append('partner-read', [next], 0n);
      expect(await store.findInStream('partner-read', [next.eventId])).toMatchObject([{ revision: 1n }]);
      await appendingNext;
    } finally {
      other.close();
    }
  });

  it('commits the appends waiting when the store is closed, and refuses those made after', async () => {
    const waiting = [store.append('partner-closing', [event()], 'no_stream'), store.append('partner-closing', [event()], 0n)];
    await store.close();
    await expect(Promise.all(waiting)).resolves.toMatchObject([{ revision: 0n }, { revision: 1n }]);
    await expect(store.append('partner-closing', [event()], 1n)).rejects.toThrow(/not open/);
    const reopened = new SqliteEventStore({ file: path });
    try {
      expect(await reopened.readStream('partner-closing')).toHaveLength(2);
    } finally {
      await reopened.close();
    }
  });

  it('fails every append of a group whose transaction fails, and records none', async () => {
    // Another connection holds the write lock past busy_timeout (5 s): BEGIN IMMEDIATE fails.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const outcomes = await Promise.allSettled([
      store.append('partner-busy-1', [event()], 'no_stream'),
      store.append('partner-busy-2', [event()], 'no_stream'),
    ]);
    other.exec('ROLLBACK');
    other.close();
    expect(outcomes.map((o) => reason(o).code)).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY']);
    expect(await store.headPosition()).toBe(0n);
    await expect(store.append('partner-busy-1', [event()], 'no_stream')).resolves.toMatchObject({ revision: 0n });
  }, 15_000);
});

describe('embedded event store: the chain over events recorded before it', () => {
  it('chains an append after legacy events (no hash) to their computed chain value, and the next to the stored hash', async () => {
    const path = join(folder, `legacy-${randomUUID()}.sqlite`);
    const store = new SqliteEventStore({ file: path });
    try {
      const legacy = (revision: number) => [
        randomUUID(), 'partner-old', revision, 'T', 1, '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', JSON.stringify({ revision }),
        JSON.stringify({ actor: 'old', source: 'http', correlationId: 'c', causationId: 'r' }),
      ];
      const db = new Database(path);
      const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      insert.run(...legacy(0));
      insert.run(...legacy(1));
      db.close();
      const newEvent = (): NewEvent => ({
        eventId: randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z', data: {},
        metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'r' },
      });
      const first = await store.append('partner-old', [newEvent()], 1n);
      const second = await store.append('partner-old', [newEvent()], 'any');
      const read = await store.readStream('partner-old');
      expect(first.events[0]!.metadata['prevHash']).toBe(lastChainValue(read.slice(0, 2)));
      expect(second.events[0]!.metadata['prevHash']).toBe(first.events[0]!.metadata['hash']);
      expect(verifyStreamChain('partner-old', read)).toMatchObject({ verified: true, events: 4, chainedEvents: 2, legacyEvents: 2 });
    } finally {
      await store.close();
    }
  });

  it('links to what another process appended, not to what it last appended itself', async () => {
    const path = join(folder, `two-writers-${randomUUID()}.sqlite`);
    const [one, two] = [new SqliteEventStore({ file: path }), new SqliteEventStore({ file: path })];
    try {
      const newEvent = (n: number): NewEvent => ({
        eventId: randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z', data: { n },
        metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'r' },
      });
      await one.append('partner-shared', [newEvent(0)], 'no_stream');
      await two.append('partner-shared', [newEvent(1)], 0n);
      await one.append('partner-shared', [newEvent(2)], 'any'); // its own tip (revision 0) is stale
      await two.append('partner-shared', [newEvent(3), newEvent(4)], 2n);
      await one.append('partner-shared', [newEvent(5)], 'stream_exists');
      const read = await one.readStream('partner-shared');
      expect(read.map((e) => e.data['n'])).toEqual([0, 1, 2, 3, 4, 5]);
      expect(verifyStreamChain('partner-shared', read)).toMatchObject({ verified: true, chainedEvents: 6 });
    } finally {
      await one.close();
      await two.close();
    }
  });
});
