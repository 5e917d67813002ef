import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProgramRules, partnerDecider, streams } from '@ledger/domain';
import { AppendResult, EventStore, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { ReappendingEventStore } from '../../../../libs/event-store/src/testing/reappending-event-store';
import { loadConfig } from '../config/ledger-config';
import { CommandContext } from './command-context';
import { CommandIds } from './command-ids';
import { OverloadedError } from './stream-queues';
import { StreamWriter } from './stream-writer';

/** Counts what reaches the real store: appends tried, and those refused on their revision. */
class CountingStore extends ReappendingEventStore {
  appends = 0;
  conflicts = 0;
  override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.appends++;
    try {
      return await super.append(streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.conflicts++;
      throw error;
    }
  }
}

/** A store as it is, only counted (the double's one rule never applies: ids are unique there). */
const counted = (store: EventStore) => new CountingStore(store);

const partner = partnerDecider(defaultProgramRules('EUR'));
const context = (idempotencyKey?: string): CommandContext => ({
  actor: 'spec', source: 'test', correlationId: randomUUID(), causationId: randomUUID(), receivedAt: '2026-03-01T00:00:00.000Z',
  ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
});

function writerOn(store: EventStore, env: Record<string, string> = {}) {
  return new StreamWriter(store, loadConfig({ NODE_ENV: 'test', ...env }));
}

function register(writer: StreamWriter, partnerId: string) {
  return writer.execute({
    streamId: streams.partner(partnerId),
    decider: partner,
    command: { type: 'RegisterPartner', partnerId, name: 'Acme', typology: 'integrator', territory: { country: 'FR' }, occurredAt: '2026-01-01T00:00:00Z' },
    ids: new CommandIds('RegisterPartner', context()),
    context: context(),
    occurredAt: '2026-01-01T00:00:00Z',
  });
}

function award(writer: StreamWriter, partnerId: string, n: number, key?: string) {
  const ctx = context(key);
  const ids = new CommandIds('AwardIncentive', ctx);
  return writer.execute({
    streamId: streams.partner(partnerId),
    decider: partner,
    command: {
      type: 'AwardIncentive', partnerId, incentiveId: ids.entityId('incentive'), recipient: { personId: `p-${n}`, role: 'sales' },
      kind: 'voucher', value: { minor: 100 * n, currency: 'EUR' }, reason: `award ${n}`, occurredAt: '2026-02-01T00:00:00Z',
    },
    ids,
    context: ctx,
    occurredAt: '2026-02-01T00:00:00Z',
  });
}

const awardsIn = async (store: EventStore, partnerId: string) =>
  (await store.readStream(streams.partner(partnerId))).filter((e) => e.type === 'IncentiveAwarded');

describe('StreamWriter on a real SQLite event store', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stream-writer-'));
    sqlite = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await sqlite.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('commands on one stream take turns inside an instance', () => {
    it('50 concurrent commands on one partner: every one lands first time, no conflict, in arrival order', async () => {
      const store = counted(sqlite);
      const writer = writerOn(store);
      await register(writer, 'p1');
      store.appends = 0;
      const results = await Promise.all(Array.from({ length: 50 }, (_, n) => award(writer, 'p1', n + 1)));
      expect(store.conflicts).toBe(0);
      expect(store.appends).toBe(50);
      // Arrival order is revision order: command n was sent n-th.
      expect(results.map((r) => r.revision)).toEqual(Array.from({ length: 50 }, (_, n) => BigInt(n + 1)));
      expect((await awardsIn(sqlite, 'p1')).map((e) => e.data['reason'])).toEqual(Array.from({ length: 50 }, (_, n) => `award ${n + 1}`));
    });

    it('commands on different streams do not wait for each other: their appends are in flight together', async () => {
      let inFlight = 0;
      let most = 0;
      const watched = new (class extends ReappendingEventStore {
        override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
          most = Math.max(most, ++inFlight);
          try {
            return await super.append(streamId, events, expected);
          } finally {
            inFlight--;
          }
        }
      })(sqlite);
      const writer = writerOn(watched);
      await Promise.all(['a', 'b', 'c', 'd'].map((p) => register(writer, p)));
      most = 0;
      await Promise.all(['a', 'b', 'c', 'd'].map((p, n) => award(writer, p, n + 1)));
      expect(most).toBe(4); // one after another, it would be 1
      most = 0;
      await Promise.all([1, 2, 3, 4].map((n) => award(writer, 'a', n + 10)));
      expect(most).toBe(1); // one stream: its commands take turns
    });
  });

  describe('bounded waiting', () => {
    it('queue limit 10, 100 concurrent commands on one stream: each recorded once or refused OVERLOADED with nothing appended; a retry with its key records it once', async () => {
      const writer = writerOn(sqlite, { COMMAND_QUEUE_LIMIT: '10' });
      await register(writer, 'hot');
      const keys = Array.from({ length: 100 }, () => randomUUID());
      const outcomes = await Promise.allSettled(keys.map((key, n) => award(writer, 'hot', n + 1, key)));
      const refused = outcomes.flatMap((o, n) => (o.status === 'rejected' ? [n] : []));
      for (const n of refused) expect((outcomes[n] as PromiseRejectedResult).reason).toBeInstanceOf(OverloadedError);
      // One runs, ten wait, the rest find the queue full.
      expect(refused.length).toBeGreaterThanOrEqual(100 - 11);
      const reasons = async () => (await awardsIn(sqlite, 'hot')).map((e) => e.data['reason']);
      const recorded = outcomes.flatMap((o, n) => (o.status === 'fulfilled' ? [`award ${n + 1}`] : []));
      expect(await reasons()).toEqual(recorded);

      // Retried one at a time, with their keys: each lands once; the recorded ones again: nothing new.
      for (const n of refused) await award(writer, 'hot', n + 1, keys[n]);
      for (let n = 0; n < 100; n++) await expect(award(writer, 'hot', n + 1, keys[n])).resolves.toMatchObject({ duplicate: true });
      const all = await reasons();
      expect(all).toHaveLength(100);
      expect(new Set(all).size).toBe(100);
      expect(writer.waiting).toBe(0);
    });

    it('a command that waits longer than COMMAND_QUEUE_TIMEOUT_MS is refused before anything is appended', async () => {
      const slow = new (class extends ReappendingEventStore {
        override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          return super.append(streamId, events, expected);
        }
      })(sqlite);
      const writer = writerOn(slow, { COMMAND_QUEUE_TIMEOUT_MS: '50' });
      await register(writer, 'p');
      const [first, second] = await Promise.allSettled([award(writer, 'p', 1), award(writer, 'p', 2)]);
      expect(first.status).toBe('fulfilled');
      expect(second.status === 'rejected' && second.reason instanceof OverloadedError && second.reason.reason === 'wait_timeout').toBe(true);
      expect((await awardsIn(sqlite, 'p')).map((e) => e.data['reason'])).toEqual(['award 1']);
    });
  });

  describe('two instances on one store', () => {
    it('conflicts between instances are retried and every command lands once', async () => {
      const store = counted(sqlite);
      const one = writerOn(store);
      const two = writerOn(store);
      await register(one, 'shared');
      const results = await Promise.all(Array.from({ length: 40 }, (_, n) => award(n % 2 ? one : two, 'shared', n + 1, `key-${n}`)));
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(store.conflicts).toBeGreaterThan(0); // they did race, and the store decided
      const reasons = (await awardsIn(sqlite, 'shared')).map((e) => e.data['reason']);
      expect(reasons.sort()).toEqual(Array.from({ length: 40 }, (_, n) => `award ${n + 1}`).sort());
    });
  });

  describe('idempotency is the write path\'s own', () => {
    it('the double really records a re-append at the current revision twice (what the write path must not rely on)', async () => {
      const double = new ReappendingEventStore(sqlite);
      const event: NewEvent = { eventId: randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00Z', data: {}, metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'c' } };
      const stream = `partner-${randomUUID()}`;
      await double.append(stream, [event], 'no_stream');
      const again = await double.append(stream, [event], 0n);
      expect(again.duplicate).toBe(false);
      expect(await sqlite.readStream(stream)).toHaveLength(2);
    });

    it.each([
      ['right after the first', false],
      ['after other events on the stream', true],
    ])('a retried AwardIncentive (%s) is recorded once on a store that re-appends at the current revision', async (_, between) => {
      const double = new ReappendingEventStore(sqlite);
      const writer = writerOn(double);
      await register(writer, 'p');
      const first = await award(writer, 'p', 1, 'the-key');
      if (between) await award(writer, 'p', 2);
      const retry = await award(writer, 'p', 1, 'the-key');
      expect(retry).toMatchObject({ duplicate: true, position: first.position, revision: first.revision });
      expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(await awardsIn(sqlite, 'p')).toHaveLength(between ? 2 : 1);
      expect(double.reappends).toBe(0);
    });
  });
});
