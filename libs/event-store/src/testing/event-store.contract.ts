import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '../event-store.port';
import { EventIdConflictError, WrongExpectedRevisionError } from '../event-store.errors';
import { describeHashChain } from './hash-chain.contract';

/** What an adapter promises beyond the port's common ground; the contract tests what is promised. */
export interface EventStoreCapabilities {
  /**
   * An event id recorded in one stream is refused in every other (the embedded store's
   * UNIQUE(event_id)). Adapters whose ids are unique per stream only (EventStoreDB) do not
   * promise it; the ledger does not need it, as it never reuses an id across streams: ids are
   * random, or derived from the idempotency key and the stream (apps/ledger/src/write/command-ids.ts).
   */
  globallyUniqueEventIds: boolean;
}

/**
 * The one contract every event-store adapter keeps. Each adapter's *.int-spec.ts calls this
 * with a factory for a real store and what it promises; nothing here knows which store it
 * is. Streams are unique per test so the suite also runs against a shared server.
 */
export function describeEventStoreContract(adapter: string, open: () => Promise<EventStore>, capabilities: EventStoreCapabilities): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    const stream = () => `partner-contract-${randomUUID()}`;
    const event = (type = 'PartnerRegistered', data: Record<string, unknown> = { n: 1 }): NewEvent => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      occurredAt: '2026-03-14T09:30:00.000Z',
      data,
      metadata: { actor: 'contract', source: 'test', correlationId: randomUUID(), causationId: randomUUID() },
    });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('appends to a new stream from revision 0 with increasing global positions', async () => {
      const id = stream();
      const result = await store.append(id, [event(), event(), event()], 'no_stream');
      expect(result.duplicate).toBe(false);
      expect(result.revision).toBe(2n);
      expect(result.events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      const positions = result.events.map((e) => e.position);
      expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!).toBe(true);
      expect(result.position).toBe(positions[2]);
      expect(typeof result.position).toBe('bigint');
      expect(Number.isNaN(Date.parse(result.events[0]!.recordedAt))).toBe(false);
    });

    it('keeps data and metadata exactly as given', async () => {
      const id = stream();
      const original = event('DealWon', { amount: { minor: 125010, currency: 'EUR' }, lines: [{ product: 'é ✓', n: null }], flag: true });
      original.metadata.idempotencyKey = 'key-1';
      await store.append(id, [original], 'no_stream');
      const [read] = await store.readStream(id);
      expect(read).toMatchObject({ ...original, streamId: id, revision: 0n });
      expect(read!.data).toEqual(original.data);
      const { hash, prevHash, ...own } = read!.metadata;
      expect(own).toEqual(original.metadata);
      expect([typeof hash, prevHash]).toEqual(['string', null]); // the chain's fields, beside the writer's
    });

    it('refuses an append whose expected revision does not hold', async () => {
      const id = stream();
      await expect(store.append(id, [event()], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(id, [event()], 0n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.append(id, [event()], 'no_stream');
      const refused = await store.append(id, [event()], 'no_stream').catch((e) => e);
      expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
      expect(refused.actual).toBe(0n);
      await expect(store.append(id, [event()], 5n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(id, [event()], 0n)).resolves.toMatchObject({ revision: 1n });
      await expect(store.append(id, [event()], 'stream_exists')).resolves.toMatchObject({ revision: 2n });
      await expect(store.append(id, [event()], 'any')).resolves.toMatchObject({ revision: 3n });
      expect(await store.readStream(id)).toHaveLength(4);
    });

    it('records an append retried with the same event ids once and answers as the first time', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store.append(id, events, 'no_stream');
      const retry = await store.append(id, events, 'no_stream');
      expect(retry.duplicate).toBe(true);
      expect(retry.position).toBe(first.position);
      expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('recognises events whose ids are in the stream, appended again at the current revision, as the earlier append: nothing written', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store.append(id, events, 'no_stream');
      const again = await store.append(id, events, first.revision);
      expect(again.duplicate).toBe(true);
      expect(again.position).toBe(first.position);
      expect(again.events.map((e) => [e.eventId, e.revision])).toEqual(first.events.map((e) => [e.eventId, e.revision]));
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('recognises them too when other events were appended in between, at the current revision or an older one', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store.append(id, events, 'no_stream');
      const later = await store.append(id, [event(), event(), event()], first.revision);
      for (const expected of [later.revision, first.revision, 'any' as const, 'stream_exists' as const]) {
        const again = await store.append(id, events, expected);
        expect(again.duplicate).toBe(true);
        expect(again.events.map((e) => e.revision)).toEqual([0n, 1n]);
      }
      expect(await store.readStream(id)).toHaveLength(5);
    });

    it('refuses an append that repeats only some ids of an earlier one at the current revision, writing nothing', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store.append(id, events, 'no_stream');
      await expect(store.append(id, [events[1]!, event()], first.revision)).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    if (capabilities.globallyUniqueEventIds) {
      it('refuses an event id reused in another stream', async () => {
        const reused = event();
        await store.append(stream(), [reused], 'no_stream');
        await expect(store.append(stream(), [reused], 'no_stream')).rejects.toBeInstanceOf(EventIdConflictError);
      });
    } else {
      process.stderr.write(
        `NOT RUN: event store contract: ${adapter} — 'refuses an event id reused in another stream': ${adapter} does not promise ` +
          'globally unique event ids (they are unique per stream); the ledger derives ids per stream and never reuses one across streams.\n',
      );
    }

    it('finds events of a stream by their ids, in revision order, leaving out ids of other streams', async () => {
      const id = stream();
      const events = [event('T', { n: 0 }), event('T', { n: 1 }), event('T', { n: 2 })];
      await store.append(id, events, 'no_stream');
      const elsewhere = event();
      await store.append(stream(), [elsewhere], 'no_stream');
      const found = await store.findInStream(id, [events[2]!.eventId, elsewhere.eventId, events[0]!.eventId, 'no-such-id']);
      expect(found.map((e) => e.data['n'])).toEqual([0, 2]);
      expect(found.map((e) => e.revision)).toEqual([0n, 2n]);
      expect(await store.findInStream(stream(), [events[0]!.eventId])).toEqual([]);
    });

    it('reads a stream forwards, backwards, from a revision and with a bound', async () => {
      const id = stream();
      await store.append(id, [0, 1, 2, 3, 4].map((n) => event('T', { n })), 'no_stream');
      const n = (events: { data: Record<string, unknown> }[]) => events.map((e) => e.data['n']);
      expect(n(await store.readStream(id))).toEqual([0, 1, 2, 3, 4]);
      expect(n(await store.readStream(id, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
      expect(n(await store.readStream(id, { fromRevision: 2n, maxCount: 2 }))).toEqual([2, 3]);
      expect(n(await store.readStream(id, { direction: 'backwards', fromRevision: 3n, maxCount: 2 }))).toEqual([3, 2]);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads all events after a position, in position order, bounded', async () => {
      const start = await store.headPosition();
      const a = stream();
      const b = stream();
      await store.append(a, [event('T', { n: 1 })], 'no_stream');
      await store.append(b, [event('T', { n: 2 })], 'no_stream');
      await store.append(a, [event('T', { n: 3 })], 0n);
      const ours = (await store.readAll({ after: start, maxCount: 1000 })).filter((e) => e.streamId === a || e.streamId === b);
      expect(ours.map((e) => e.data['n'])).toEqual([1, 2, 3]);
      const firstTwo = await store.readAll({ after: start, maxCount: 2 });
      expect(firstTwo).toHaveLength(2);
      const rest = await store.readAll({ after: firstTwo[1]!.position, maxCount: 1000 });
      expect(rest.every((e) => e.position > firstTwo[1]!.position)).toBe(true);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(ours[2]!.position);
    });

    it('lets exactly one of many concurrent writers create a stream', async () => {
      const id = stream();
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => store.append(id, [event()], 'no_stream')));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('subscribes from a position (exclusive), catches up, then receives live events', async () => {
      const id = stream();
      const first = await store.append(id, [event('T', { n: 1 }), event('T', { n: 2 })], 'no_stream');
      const subscription = store.subscribeToAll(first.events[0]!.position);
      try {
        const seen: unknown[] = [];
        const collect = async (count: number) => {
          while (seen.length < count) {
            const batch = await subscription.nextBatch(100, AbortSignal.timeout(10_000));
            if (batch.length === 0) throw new Error('subscription ended early');
            seen.push(...batch.filter((e) => e.streamId === id).map((e) => e.data['n']));
          }
        };
        await collect(1);
        expect(seen).toEqual([2]);
        setTimeout(() => void store.append(id, [event('T', { n: 3 })], 1n), 50);
        await collect(2);
        expect(seen).toEqual([2, 3]);
      } finally {
        await subscription.close();
      }
    });

    describeHashChain(() => store, stream, event);

    it('ends a waiting subscription with an empty batch when it is closed', async () => {
      const subscription = store.subscribeToAll(await store.headPosition());
      const waiting = subscription.nextBatch(10);
      await subscription.close();
      await expect(waiting).resolves.toEqual([]);
    });
  });
}
