import {
  AllStreamResolvedEvent, BACKWARDS, END, EventStoreDBClient, FORWARDS, Position, ReadPosition, ResolvedEvent, START,
} from '@eventstore/db-client';
import { lastChainValue, storedChain } from '@ledger/audit';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AppendResult, EventStore, EventSubscription, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent,
} from '../event-store.port';
import { chainAppend } from '../chain-append';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { SupervisedSubscription } from './eventstoredb-subscription';
import { eventStoreDbIdentity, STORE_IDENTITY_STREAM } from './store-identity';
import { appendOutcome, backwardPage, forwardPage, streamPageBackwards } from './reading';
import {
  checkedStreamPrefixes, encodeMetadata, exactExpectedRevision, fromWrongExpectedVersion, isLedgerStream, isNotLeader, isStreamNotFound, isWrongExpectedVersion, ledgerStreamFilter, startAfter,
  toBigInt, toClientExpectedRevision, toEventData, toRecordedEvent, translateError,
} from './translation';

export interface EventStoreDbEventStoreOptions {
  /**
   * The prefixes of the ledger's streams (the domain's STREAM_PREFIXES): readAll, headPosition
   * and subscriptions see the events of these streams only. The adapter knows no stream names.
   */
  streamPrefixes: readonly string[];
  /**
   * Reads go to the leader too (default true), so a read right after a write sees it, as
   * with the embedded store. Set false to let the connection string's nodePreference pick a
   * follower for reads; writes and the reads of the idempotency checks always need the leader.
   */
  readFromLeader?: boolean;
  /** Events a subscription holds before pausing the server's stream (default 1000). */
  subscriptionBuffer?: number;
  /** First and longest delay before a dropped subscription resubscribes (defaults 200 ms, 10 s). */
  resubscribeDelayMs?: number;
  maxResubscribeDelayMs?: number;
  /** Told when a subscription dropped and is resubscribing (default: silent). */
  onSubscriptionDropped?: (error: unknown, resumeAfter: bigint | undefined, delayMs: number) => void;
}

/** How many times a write is sent again after a follower answered "not leader". */
const NOT_LEADER_RETRIES = 3;
/** Events per page when reading $all (ledger events are a part of it) or scanning a stream. */
const PAGE = 512;
/**
 * How far back from a stream's end an append refused on its expected revision looks for an
 * earlier append of its ids. A retry deeper than that is refused as a conflict; the ledger's
 * write path (StreamWriter) reads the whole stream and finds it itself.
 */
const PRIOR_APPEND_SCAN = 2 * PAGE;
/** How many times an 'any' or 'stream_exists' append links again to a stream another writer moved on. */
const RELINK_ATTEMPTS = 20;

/**
 * The event-store port on EventStoreDB (KurrentDB) through @eventstore/db-client 6.x.
 *
 * - Appends use the port's expected revision one to one and require the leader; a
 *   WrongExpectedVersion becomes WrongExpectedRevisionError with the actual revision.
 * - Three round trips per append to an existing stream: a look for its ids (below), the
 *   append, then a read of its events back (their positions and times are the server's).
 *   Event ids are unique per stream, as EventStoreDB keeps them; the ledger never reuses one
 *   across streams (ids are random, or derived from the idempotency key and the stream).
 *   Besides the ledger's streams, one stream of its own holds the store's identity
 *   (store-identity.ts), outside the ledger's prefixes.
 * - A retried append is recorded once, by this adapter's own check: the server checks event
 *   ids for duplicates only when the expected revision is *older* than the stream's
 *   (KurrentDB `IndexWriter.CheckCommit`); ids already in the stream sent at its current
 *   revision, or with 'any' or 'stream_exists', are written a second time. So before any
 *   append to a stream that may exist, its end is read backwards (bounded: PRIOR_APPEND_SCAN
 *   events) for the ids: exactly this append found there is a duplicate, answered as the first
 *   time; some of the ids found, an EventIdConflictError. A retry deeper than that, or one
 *   racing this look, is left to the server's own check (its expected revision is then older)
 *   and to the ledger's write path, which looks its command's ids up before deciding. When the
 *   append is refused on its expected revision, the same bounded look tells a retry from a
 *   conflict. The events are read back after the append (their positions and times are the
 *   server's); this call's appendId (translation.ts) tells its own write from an earlier one.
 * - Every event is hash-chained (metadata `hash`, `prevHash`, as on the embedded store): the
 *   look at the stream's end before an append also gives its last event, whose chain value
 *   the first new event links to; the ledger's recorded time is set before the write
 *   (`$recordedAt`, translation.ts) because the hash covers it. An append is chained at one
 *   revision, so it is sent with that exact expected revision; 'any' and 'stream_exists'
 *   appends that meet another writer's events link again and are sent again.
 * - Global positions are commit positions (bigint); readAll and headPosition read $all in
 *   bounded pages and keep ledger events only (streams with a ledger prefix, no system
 *   events); subscriptions filter on the server by stream prefix and are supervised
 *   (eventstoredb-subscription.ts).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly subscriptions = new Set<SupervisedSubscription>();
  private readonly readFromLeader: boolean;
  private readonly prefixes: readonly string[];

  /**
   * @param connection a connection string (`esdb://localhost:2113?tls=false`, or for a
   *   cluster `esdb+discover://host:2113?nodePreference=leader`) or a client; a client given
   *   here stays the caller's to dispose.
   */
  constructor(connection: string | EventStoreDBClient, private readonly options: EventStoreDbEventStoreOptions) {
    this.prefixes = checkedStreamPrefixes(options.streamPrefixes);
    if (isLedgerStream(STORE_IDENTITY_STREAM, this.prefixes)) {
      throw new RangeError(`the stream prefixes ${this.prefixes.join(', ')} take in ${STORE_IDENTITY_STREAM}, the store's own stream`);
    }
    this.ownsClient = typeof connection === 'string';
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.readFromLeader = options.readFromLeader ?? true;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    for (const event of events) encodeMetadata(event); // validates the envelope before anything is read or written
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendChained(streamId, events, expected);
      } catch (error) {
        // 'any' and 'stream_exists' were sent as the exact revision their chain links to: another
        // writer got there first, so link to its events and send again.
        const relinkable = (expected === 'any' || expected === 'stream_exists') && error instanceof WrongExpectedRevisionError && error.actual !== 'no_stream';
        if (!relinkable || attempt >= RELINK_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * One attempt: the stream's end is read (for an earlier append of these ids, and for the last
   * event, whose chain value the first new event links to), the events are chained at the
   * revisions they will take and sent with that exact expected revision.
   */
  private async appendChained(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const appendId = randomUUID();
    let tail: ResolvedEvent | undefined;
    if (expected !== 'no_stream') {
      const scan = await this.scanForAppend(streamId, events, appendId, undefined, PRIOR_APPEND_SCAN);
      if (scan.outcome) return scan.outcome;
      tail = scan.last;
    }
    const current = tail?.event ? toBigInt(tail.event.revision as bigint | number) : null;
    const exact = exactExpectedRevision(streamId, expected, current);
    const recordedAt = new Date().toISOString();
    const prevHash = tail ? await this.chainValueOf(streamId, tail) : null;
    const data = chainAppend(streamId, events, (current ?? -1n) + 1n, recordedAt, prevHash).map((event) => toEventData(event, appendId, recordedAt));

    let nextExpectedRevision: bigint;
    try {
      ({ nextExpectedRevision } = await this.onLeader(() =>
        this.client.appendToStream(streamId, data, { expectedRevision: toClientExpectedRevision(exact), requiresLeader: true })));
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw translateError(error, `appending to ${streamId}`);
      // An earlier attempt with these ids (a retry whose stream has moved on, a twin) may be recorded.
      const prior = await this.recordedAppend(streamId, events, appendId, undefined, PRIOR_APPEND_SCAN);
      if (prior) return prior;
      throw fromWrongExpectedVersion(error, streamId, expected);
    }

    // The events are where the server says: this call's write, or an earlier one it recognised.
    const result =
      (await this.recordedAppend(streamId, events, appendId, nextExpectedRevision, events.length)) ??
      (await this.recordedAppend(streamId, events, appendId, undefined, PRIOR_APPEND_SCAN));
    if (result) return result;
    throw new Error(`append to ${streamId} reported revision ${nextExpectedRevision}, but its events are not there`);
  }

  /**
   * The chain value of the stream's last event: its stored hash, or (an event recorded before
   * the chain existed) computed over the whole stream, once: the next event stores its own.
   */
  private async chainValueOf(streamId: string, last: ResolvedEvent): Promise<string> {
    const stored = storedChain(toRecordedEvent(last).metadata);
    if (stored) return stored.hash;
    const revision = toBigInt(last.event!.revision as bigint | number);
    return lastChainValue((await this.read(streamId, {}, true)).filter((e) => e.revision <= revision))!;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.read(streamId, options, this.readFromLeader);
  }

  /**
   * EventStoreDB cannot look an event up by id: the stream is read backwards in pages, newest
   * first (a retry usually follows its original closely), until every id is found or the
   * stream's start is reached.
   */
  async findInStream(streamId: string, eventIds: string[]): Promise<RecordedEvent[]> {
    const wanted = new Set(eventIds);
    const found: ResolvedEvent[] = [];
    for (let from: bigint | undefined; ; ) {
      const page = await this.readRaw(streamId, { direction: 'backwards', fromRevision: from, maxCount: PAGE }, true);
      const step = streamPageBackwards(page, { wanted, requested: PAGE });
      found.unshift(...step.found);
      if (found.length >= wanted.size || step.next === undefined) return found.map(toRecordedEvent);
      from = step.next;
    }
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    if (maxCount <= 0) return [];
    const found: RecordedEvent[] = [];
    const pageSize = Math.min(Math.max(maxCount * 2, 64), 4096);
    let from: ReadPosition = startAfter(after);
    let last: Position | undefined;
    for (;;) {
      const page = await this.readAllPage({ fromPosition: from, maxCount: pageSize, direction: FORWARDS });
      const step = forwardPage(page, { after, want: maxCount - found.length, pageSize, last, prefixes: this.prefixes });
      found.push(...step.events);
      if (!step.next) return found;
      from = last = step.next;
    }
  }

  subscribeToAll(after?: bigint): EventSubscription {
    const subscription = new SupervisedSubscription({
      after,
      streamPrefixes: this.prefixes,
      open: (from) =>
        this.client.subscribeToAll({ fromPosition: startAfter(from), filter: ledgerStreamFilter(this.prefixes), requiresLeader: this.readFromLeader }),
      highWaterMark: this.options.subscriptionBuffer,
      retryDelayMs: this.options.resubscribeDelayMs,
      maxRetryDelayMs: this.options.maxResubscribeDelayMs,
      onDrop: this.options.onSubscriptionDropped,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The newest ledger event's position: $all read backwards in pages until one is found. */
  async headPosition(): Promise<bigint> {
    let before: Position | undefined;
    for (;;) {
      const page = await this.readAllPage({ fromPosition: before ?? END, maxCount: PAGE, direction: BACKWARDS });
      const step = backwardPage(page, { before, pageSize: PAGE, prefixes: this.prefixes });
      if ('head' in step) return step.head;
      before = step.next;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  // -------------------------------------------------------------------------------------------

  /**
   * These events as recorded in this stream, if they are (appendOutcome decides: this call's
   * append, an earlier one's, or a conflict): the stream is read backwards from `from` (its
   * end when undefined), at most `limit` events, until every id is found.
   */
  private async recordedAppend(streamId: string, events: NewEvent[], appendId: string, from: bigint | undefined, limit: number): Promise<AppendResult | null> {
    return (await this.scanForAppend(streamId, events, appendId, from, limit)).outcome;
  }

  /** recordedAppend's look, which also gives the newest event it read (the stream's last when `from` is undefined). */
  private async scanForAppend(
    streamId: string, events: NewEvent[], appendId: string, from: bigint | undefined, limit: number,
  ): Promise<{ outcome: AppendResult | null; last: ResolvedEvent | undefined }> {
    const wanted = new Set(events.map((e) => e.eventId));
    const found: ResolvedEvent[] = [];
    let last: ResolvedEvent | undefined;
    for (let left = limit; left > 0; ) {
      const requested = Math.min(PAGE, left);
      const page = await this.readRaw(streamId, { direction: 'backwards', fromRevision: from, maxCount: requested }, true);
      last ??= page[0];
      const step = streamPageBackwards(page, { wanted, requested });
      found.unshift(...step.found);
      if (found.length >= wanted.size || step.next === undefined) break;
      left -= requested;
      from = step.next;
    }
    return { outcome: appendOutcome(streamId, events, found, appendId), last };
  }

  private async read(streamId: string, options: ReadStreamOptions, leader: boolean): Promise<RecordedEvent[]> {
    return (await this.readRaw(streamId, options, leader)).map(toRecordedEvent);
  }

  private async readRaw(streamId: string, options: ReadStreamOptions, leader: boolean): Promise<ResolvedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    try {
      const events: ResolvedEvent[] = [];
      const reading = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
        requiresLeader: leader,
      });
      for await (const event of reading) events.push(event);
      return events;
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translateError(error, `reading ${streamId}`);
    }
  }

  private async readAllPage(options: { fromPosition: ReadPosition; maxCount: number; direction: typeof FORWARDS | typeof BACKWARDS }): Promise<AllStreamResolvedEvent[]> {
    try {
      const events: AllStreamResolvedEvent[] = [];
      for await (const event of this.client.readAll({ ...options, requiresLeader: this.readFromLeader })) events.push(event);
      return events;
    } catch (error) {
      throw translateError(error, 'reading $all');
    }
  }

  /** Sends a write again when a follower answered "not leader" (the client has moved to the leader by then). */
  private async onLeader<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!isNotLeader(error) || attempt >= NOT_LEADER_RETRIES) throw error;
        // The client reconnects to the leader it was told of in the background: give it a moment.
        await sleep(25 * (attempt + 1));
      }
    }
  }

  private storeIdentity?: ReturnType<typeof eventStoreDbIdentity>;

  /** The database's id, kept in a stream of its own that the ledger's filters leave out (store-identity.ts); read once. */
  identity(): ReturnType<typeof eventStoreDbIdentity> {
    this.storeIdentity ??= eventStoreDbIdentity(this.client).catch((error: unknown) => {
      this.storeIdentity = undefined; // a failure is not kept: the next call asks again
      throw error;
    });
    return this.storeIdentity;
  }
}
