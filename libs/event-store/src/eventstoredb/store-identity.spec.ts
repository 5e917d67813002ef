import { EventStoreDBClient, NO_STREAM, ResolvedEvent, StreamNotFoundError, WrongExpectedVersionError, jsonEvent } from '@eventstore/db-client';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { eventStoreDbIdentity, STORE_IDENTITY_EVENT, STORE_IDENTITY_STREAM, storeIdOf } from './store-identity';
import { STREAM_PREFIXES } from '@ledger/domain';
import { isLedgerEvent, isLedgerStream } from './translation';

/**
 * A stand-in for the one rule of the server the identity relies on (labelled as such: the
 * live suite checks the real server): an append expecting "no stream" to a stream that
 * exists is refused with WrongExpectedVersion.
 */
class OneStreamServer {
  readonly streams = new Map<string, ResolvedEvent[]>();
  /** Runs once, between a reader's "not found" and its append: another ledger's first start. */
  beforeAppend?: () => void;

  readStream(streamName: string): AsyncIterable<ResolvedEvent> {
    const events = this.streams.get(streamName);
    return (async function* () {
      if (!events) throw new StreamNotFoundError(undefined, streamName);
      yield* events;
    })();
  }

  async appendToStream(streamName: string, event: ReturnType<typeof jsonEvent>, options: { expectedRevision: unknown }) {
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    hook?.();
    if (options.expectedRevision === NO_STREAM && this.streams.has(streamName)) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: NO_STREAM, current: 0n } as never);
    }
    this.streams.set(streamName, [...(this.streams.get(streamName) ?? []), resolved(event)]);
    return { success: true };
  }

  get client(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }
}

function resolved(event: ReturnType<typeof jsonEvent>): ResolvedEvent {
  return {
    event: {
      streamId: STORE_IDENTITY_STREAM, id: event.id, isJson: true, revision: 0n, type: event.type,
      created: new Date(), data: JSON.parse(JSON.stringify(event.data)), metadata: undefined,
    },
  } as unknown as ResolvedEvent;
}

describe('the identity of an EventStoreDB database', () => {
  it('lives in a stream the ledger never reads as its own', () => {
    expect(isLedgerStream(STORE_IDENTITY_STREAM, STREAM_PREFIXES)).toBe(false);
    const event = resolved(jsonEvent({ id: '7c1b1d0e-58a4-4b59-9a3f-2f8f1c2b9e11', type: STORE_IDENTITY_EVENT, data: { storeId: 'x' } }));
    expect(isLedgerEvent(event, STREAM_PREFIXES)).toBe(false);
  });

  it('stays outside the ledger streams: prefixes that would take it in are refused', () => {
    const server = new OneStreamServer();
    expect(() => new EventStoreDbEventStore(server.client, { streamPrefixes: ['ledger-'] })).toThrow(new RegExp(STORE_IDENTITY_STREAM));
    expect(() => new EventStoreDbEventStore(server.client, { streamPrefixes: STREAM_PREFIXES })).not.toThrow();
  });

  it('is created once, then read back the same by every later connection', async () => {
    const server = new OneStreamServer();
    const first = await eventStoreDbIdentity(server.client);
    expect(first).toEqual({ kind: 'eventstoredb', storeId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await eventStoreDbIdentity(server.client)).toEqual(first);
    expect(server.streams.get(STORE_IDENTITY_STREAM)).toHaveLength(1);
    expect(await eventStoreDbIdentity(new OneStreamServer().client)).not.toEqual(first); // another database, another id
  });

  it('takes the id of a ledger that created it first, when two start at once on a new database', async () => {
    const server = new OneStreamServer();
    server.beforeAppend = () => {
      // the other ledger read "not found" too, and its append lands first
      server.streams.set(STORE_IDENTITY_STREAM, [resolved(jsonEvent({ type: STORE_IDENTITY_EVENT, data: { storeId: 'the-winner' } }))]);
    };
    expect(await eventStoreDbIdentity(server.client)).toEqual({ kind: 'eventstoredb', storeId: 'the-winner' });
    expect(server.streams.get(STORE_IDENTITY_STREAM)).toHaveLength(1);
  });

  it('refuses a stream that holds something else rather than inventing an id', () => {
    expect(() => storeIdOf(resolved(jsonEvent({ type: 'SomethingElse', data: { storeId: 'x' } })))).toThrow(/does not begin with a LedgerStoreIdentified/);
    expect(() => storeIdOf(resolved(jsonEvent({ type: STORE_IDENTITY_EVENT, data: {} })))).toThrow(/storeId/);
  });
});
