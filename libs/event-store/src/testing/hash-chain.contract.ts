import { eventHash, verifyStreamChain } from '@ledger/audit';
import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';

/** The hash chain every adapter records at append: part of the event-store contract. */
export function describeHashChain(store: () => EventStore, stream: () => string, event: (type?: string, data?: Record<string, unknown>) => NewEvent): void {
  describe('hash chain', () => {
    const chainOf = (events: RecordedEvent[]) => events.map((e) => [e.metadata['prevHash'], e.metadata['hash']]);
    /** Each event's hash is the recomputation from what was recorded, and each links to the one before. */
    const expectChained = (events: RecordedEvent[]) => {
      let previous: string | null = null;
      for (const e of events) {
        expect(e.metadata['prevHash']).toBe(previous);
        expect(e.metadata['hash']).toBe(eventHash(e, previous));
        previous = e.metadata['hash'] as string;
      }
    };

    it('records each event with its hash, recomputable from the event as read, linked revision by revision from null', async () => {
      const id = stream();
      const first = await store().append(id, [event('T', { n: 0, money: { minor: 125010, currency: 'EUR' } }), event('T', { n: 1 })], 'no_stream');
      await store().append(id, [event('T', { n: 2 })], first.revision);
      const read = await store().readStream(id);
      expect(read).toHaveLength(3);
      expectChained(read);
      expect(chainOf(first.events)).toEqual(chainOf(read.slice(0, 2)));
      expect(verifyStreamChain(id, read)).toMatchObject({ verified: true, events: 3, chainedEvents: 3, legacyEvents: 0, lastHash: read[2]!.metadata['hash'] });
    });

    it('chains appends made with any or stream_exists, and appends sent together', async () => {
      const id = stream();
      await store().append(id, [event()], 'any');
      await Promise.all([store().append(id, [event()], 'any'), store().append(id, [event(), event()], 'any'), store().append(id, [event()], 'stream_exists')]);
      const read = await store().readStream(id);
      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expectChained(read);
    });

    it('answers a duplicate append with the hashes recorded the first time', async () => {
      const id = stream();
      const events = [event(), event()];
      const first = await store().append(id, events, 'no_stream');
      await store().append(id, [event()], first.revision);
      const retry = await store().append(id, events, 'any');
      expect(retry.duplicate).toBe(true);
      expect(chainOf(retry.events)).toEqual(chainOf(first.events));
    });

    it('never gives two events the same predecessor, however many write one stream at once', async () => {
      const id = stream();
      await store().append(id, [event()], 'no_stream');
      const attempts = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => store().append(id, [event('T', { i })], i % 2 === 0 ? 'any' : 0n)));
      expect(attempts.some((a) => a.status === 'fulfilled')).toBe(true);
      const read = await store().readStream(id);
      const prevHashes = read.map((e) => e.metadata['prevHash']);
      expect(new Set(prevHashes).size).toBe(prevHashes.length);
      expectChained(read);
    });
  });
}
