import {
  ANY, AppendExpectedRevision, BACKWARDS, END, EventData, EventStoreDBClient, NO_STREAM, ResolvedEvent, STREAM_EXISTS, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { lastChainValue, verifyStreamChain } from '@ledger/audit';
import { STREAM_PREFIXES } from '@ledger/domain';
import { NewEvent } from '../event-store.port';
import { EventIdConflictError } from '../event-store.errors';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { resolvedAsSent } from './testing/resolved-event';
import { describeHashChain } from '../testing/hash-chain.contract';
import { toEventData } from './translation';

/**
 * TEST DOUBLE of the EventStoreDB client, for the append path only: streams in memory, and
 * the server's rule for event ids (KurrentDB `IndexWriter.CheckCommit`): ids are compared with
 * what is recorded only when the expected revision is older than the stream's; at the current
 * revision, or with 'any' / 'stream_exists', the events are written whatever their ids (the
 * server's best-effort cache for 'any' is left out: the worst case). The live suite
 * (eventstoredb-event-store.int-spec.ts, EVENTSTORE_URL) runs the same cases on a real server.
 */
class ServerRuleClient {
  readonly streams = new Map<string, ResolvedEvent[]>();
  private position = 1000n;

  async appendToStream(streamId: string, events: EventData[], { expectedRevision }: { expectedRevision: AppendExpectedRevision }) {
    const stream = this.streams.get(streamId) ?? [];
    const current = BigInt(stream.length) - 1n; // -1: no stream
    const expected = expectedRevision === NO_STREAM ? -1n : expectedRevision === ANY || expectedRevision === STREAM_EXISTS ? null : BigInt(expectedRevision);
    if (expectedRevision === STREAM_EXISTS && current < 0n) throw this.wrong(streamId, expectedRevision, current);
    if (expected !== null && expected !== current) {
      const next = stream.slice(Number(expected + 1n), Number(expected + 1n) + events.length);
      const same = expected < current && next.length === events.length && next.every((r, i) => r.event!.id === events[i]!.id);
      if (!same) throw this.wrong(streamId, expectedRevision, current);
      return { success: true, nextExpectedRevision: expected + BigInt(events.length) };
    }
    for (const data of events) {
      this.position += 10n;
      stream.push(resolvedAsSent(data as ReturnType<typeof import('./translation').toEventData>, { streamId, revision: BigInt(stream.length), commit: this.position }));
    }
    this.streams.set(streamId, stream);
    return { success: true, nextExpectedRevision: BigInt(stream.length) - 1n };
  }

  async *readStream(streamId: string, options: { direction?: unknown; fromRevision?: unknown; maxCount?: number | bigint }) {
    const stream = this.streams.get(streamId) ?? [];
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision === END || options.fromRevision === undefined ? (backwards ? stream.length - 1 : 0) : Number(options.fromRevision);
    const ordered = backwards ? stream.slice(0, from + 1).reverse() : stream.slice(from);
    yield* ordered.slice(0, options.maxCount === undefined ? undefined : Number(options.maxCount));
  }

  private wrong(streamName: string, expectedVersion: AppendExpectedRevision, current: bigint) {
    return new WrongExpectedVersionError(undefined, { streamName, expected: expectedVersion, current: current < 0n ? NO_STREAM : current } as never);
  }
}

const event = (): NewEvent => ({
  eventId: randomUUID(), type: 'IncentiveAwarded', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z', data: { n: 1 },
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
});

describe('EventStoreDB adapter: appends of ids already in the stream (against a double of the server rule)', () => {
  let client: ServerRuleClient;
  let store: EventStoreDbEventStore;
  const stream = 'partner-p1';
  const recorded = () => client.streams.get(stream)?.length ?? 0;

  beforeEach(() => {
    client = new ServerRuleClient();
    store = new EventStoreDbEventStore(client as unknown as EventStoreDBClient, { streamPrefixes: STREAM_PREFIXES });
  });

  it('the double writes ids again at the current revision, as the server does (so the adapter must look first)', async () => {
    const events = [event()];
    await client.appendToStream(stream, events.map((e) => ({ id: e.eventId }) as EventData), { expectedRevision: NO_STREAM });
    await client.appendToStream(stream, events.map((e) => ({ id: e.eventId }) as EventData), { expectedRevision: 0n });
    expect(recorded()).toBe(2);
  });

  it('recognises the same events appended again at the current revision: a duplicate, nothing written', async () => {
    const events = [event(), event()];
    const first = await store.append(stream, events, 'no_stream');
    const again = await store.append(stream, events, first.revision);
    expect(again).toMatchObject({ duplicate: true, revision: first.revision, position: first.position });
    expect(recorded()).toBe(2);
  });

  it('recognises them after other events were appended, whatever the expected revision', async () => {
    const events = [event(), event()];
    const first = await store.append(stream, events, 'no_stream');
    const later = await store.append(stream, [event(), event()], first.revision);
    for (const expected of [later.revision, first.revision, 'any' as const, 'stream_exists' as const, 'no_stream' as const]) {
      await expect(store.append(stream, events, expected)).resolves.toMatchObject({ duplicate: true, revision: 1n });
    }
    expect(recorded()).toBe(4);
  });

  it('refuses some of an earlier append\'s ids at the current revision, writing nothing', async () => {
    const events = [event(), event()];
    const first = await store.append(stream, events, 'no_stream');
    await expect(store.append(stream, [events[1]!, event()], first.revision)).rejects.toBeInstanceOf(EventIdConflictError);
    expect(recorded()).toBe(2);
  });

  it('appends new events as before, answered as fresh', async () => {
    const first = await store.append(stream, [event()], 'no_stream');
    await expect(store.append(stream, [event()], first.revision)).resolves.toMatchObject({ duplicate: false, revision: 1n });
    await expect(store.append(stream, [event()], 'any')).resolves.toMatchObject({ duplicate: false, revision: 2n });
    expect(recorded()).toBe(3);
  });

  it('finds ids in a long stream by reading it backwards in pages', async () => {
    const early = event();
    await store.append(stream, [early], 'no_stream');
    for (let n = 0; n < 3; n++) await store.append(stream, Array.from({ length: 400 }, event), 'any');
    const found = await store.findInStream(stream, [early.eventId, 'nowhere']);
    expect(found.map((e) => [e.eventId, e.revision])).toEqual([[early.eventId, 0n]]);
  });
});

describe('EventStoreDB adapter: the hash chain (against a double of the server rule)', () => {
  let client: ServerRuleClient;
  const stream = () => `partner-${randomUUID()}`;
  const newEvent = (type = 'T', data: Record<string, unknown> = { n: 1 }): NewEvent => ({ ...event(), type, data });
  let store: EventStoreDbEventStore;
  beforeAll(() => {
    client = new ServerRuleClient();
    store = new EventStoreDbEventStore(client as unknown as EventStoreDBClient, { streamPrefixes: STREAM_PREFIXES });
  });

  describeHashChain(() => store, stream, newEvent);

  it("records the ledger's own time, which the hash covers, and reads it back", async () => {
    const id = stream();
    const before = new Date().toISOString();
    const { events } = await store.append(id, [newEvent()], 'no_stream');
    const [read] = await store.readStream(id);
    expect(read!.recordedAt).toBe(events[0]!.recordedAt);
    expect(read!.recordedAt >= before).toBe(true);
    expect(client.streams.get(id)![0]!.event!.metadata).toMatchObject({ $recordedAt: read!.recordedAt });
  });

  it('chains an append after events written before the chain existed to their computed value', async () => {
    const id = stream();
    const legacy = [newEvent('T', { n: 0 }), newEvent('T', { n: 1 })];
    await client.appendToStream(id, legacy.map((e) => toEventData(e)), { expectedRevision: NO_STREAM });
    const appended = await store.append(id, [newEvent()], 'any');
    const read = await store.readStream(id);
    expect(appended.events[0]!.metadata['prevHash']).toBe(lastChainValue(read.slice(0, 2)));
    expect(verifyStreamChain(id, read)).toMatchObject({ verified: true, legacyEvents: 2, chainedEvents: 1 });
  });
});
