import { Inject, Injectable, Optional } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Decider, DomainError, isLedgerEvent, LedgerEvent, SCHEMA_VERSION } from '@ledger/domain';
import { EVENT_SEALING, EventSealing } from './event-sealing';
import {
  AppendResult, EVENT_STORE, EventIdConflictError, EventStore, NewEnvelope, NewEvent, RecordedEvent, WrongExpectedRevisionError,
} from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandContext, eventMetadata } from './command-context';
import { CommandIds } from './command-ids';
import { Release, StreamQueues } from './stream-queues';
import { StreamStateCache } from './stream-state-cache';

/** Retries ran out: the stream kept moving under this command. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} kept changing while this command was decided; try again`);
  }
}

const RECORDED_AS_DECIDED: EventSealing = {
  seal: async (events) => [...events],
  open: async (events) => [...events],
  schemaVersion: () => SCHEMA_VERSION,
};

type Folding<S, E> = Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>;

export interface StreamCommand<C, S, E extends LedgerEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  ids: CommandIds;
  context: CommandContext;
  occurredAt: string;
}

/**
 * Events read back from a stream, as its decider's events: the one place where the writer
 * types what it reads. Each one's type is checked to be one the ledger records (anything
 * else is not the ledger's, and is left out); that a ledger event in this stream is one of E
 * holds by construction: only this writer appends to a ledger stream, and only what the
 * stream's own decider decided.
 */
function asDecided<E extends LedgerEvent>(events: readonly RecordedEvent[]): RecordedEvent<E>[] {
  const ledgerEvents: RecordedEvent<LedgerEvent>[] = events.filter(isLedgerEvent);
  return ledgerEvents as RecordedEvent<E>[];
}

/**
 * The write path of every command: fold the stream into state, decide, append with the
 * exact revision decided against. Inside this instance commands on one stream take turns
 * (StreamQueues), so the revision is right the first time; a WrongExpectedRevisionError
 * means another instance wrote the stream, and the command catches up and decides again
 * (a bounded number of times, backing off by the observed commit time). States are cached
 * per stream so a command reads only what was appended since the last one.
 *
 * Idempotency is the ledger's own, whatever the store deduplicates: a command carrying an
 * idempotency key derives its event ids from it, and before deciding, its stream is searched
 * for the first of them. Found, the command was recorded before and the original answer is
 * given; nothing is decided or appended again. (EventStoreDB, for one, accepts the same ids
 * again when they are appended at the stream's current revision.)
 */
@Injectable()
export class StreamWriter {
  private readonly cache: StreamStateCache;
  private readonly queues: StreamQueues;
  /** The streams whose turn the current command holds (a command runs in one async context). */
  private readonly turns = new AsyncLocalStorage<ReadonlySet<string>>();
  /** Counts the fresh appends of the work `tracking` runs (a command runs in one async context). */
  private readonly appends = new AsyncLocalStorage<{ count: number }>();
  /** Smoothed duration of an append, in ms: the scale of the backoff after a conflict. */
  private commitMs = 5;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    // Absent (tests of the writer alone), events are recorded as decided.
    @Optional() @Inject(EVENT_SEALING) private readonly sealing: EventSealing = RECORDED_AS_DECIDED,
  ) {
    this.cache = new StreamStateCache(config.commandStateCache);
    this.queues = new StreamQueues({ limit: config.commandQueue.limit, timeoutMs: config.commandQueue.timeoutMs });
  }

  /** Commands waiting for their turn on a stream. */
  get waiting(): number {
    return this.queues.waiting;
  }

  /**
   * Runs `work` holding the turn of every stream named, taken before anything is read or
   * appended, so a command that touches several streams is refused (overloaded) whole or
   * not at all. Turns this command already holds are not taken twice.
   */
  async exclusive<T>(streamIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const held = this.turns.getStore();
    const needed = streamIds.filter((id) => !held?.has(id));
    if (needed.length === 0) return work();
    const release: Release = await this.queues.acquire(needed);
    try {
      return await this.turns.run(new Set([...(held ?? []), ...needed]), work);
    } finally {
      release();
    }
  }

  /**
   * Runs `work` and counts the appends it made that were fresh: 0 for a command whose events
   * were all recorded before (a retry, a duplicate), which answers as the original did.
   */
  async tracking<T>(work: () => Promise<T>): Promise<{ value: T; appended: number }> {
    const counter = { count: 0 };
    const value = await this.appends.run(counter, work);
    return { value, appended: counter.count };
  }

  /** A stream as recorded, for a step that needs what was recorded before a position (personal data stays sealed). */
  readStream(...args: Parameters<EventStore['readStream']>): ReturnType<EventStore['readStream']> {
    return this.store.readStream(...args);
  }

  async execute<C, S, E extends LedgerEvent>(request: StreamCommand<C, S, E>): Promise<AppendResult<E>> {
    const result = await this.exclusive([request.streamId], () => this.decideAndAppend(request));
    return { ...result, events: asDecided<E>(result.events) };
  }

  /**
   * Read, decide, append; decided again when another instance wrote the stream meanwhile.
   * Every outcome but a fresh append (a refusal, a no-op, a duplicate, an id clash) may be a
   * retry of a command recorded before, and goes through originalAnswer: the one place
   * where a retried command gets what it was answered the first time.
   */
  private async decideAndAppend<C, S, E extends LedgerEvent>(request: StreamCommand<C, S, E>): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request);
      if (outcome === 'stream-moved') {
        // Another instance wrote the stream: let its commit land, spread apart from the others.
        if (attempt >= this.config.commandRetries) throw new ConcurrencyConflictError(request.streamId);
        await sleep(Math.random() * this.commitMs * (attempt + 1));
        continue;
      }
      const fresh = !(outcome instanceof Error) && !outcome.duplicate && outcome.events.length > 0;
      const counter = this.appends.getStore();
      if (fresh && counter) counter.count++;
      return fresh ? outcome : this.originalAnswer(request, outcome);
    }
  }

  /** One read-decide-append: its result, the refusal, or 'stream-moved' (decide again). */
  private async attempt<C, S, E extends LedgerEvent>(request: StreamCommand<C, S, E>): Promise<AppendResult | Error | 'stream-moved'> {
    const { streamId, decider, command, ids } = request;
    // Recorded before: nothing is decided again; originalAnswer reads what was recorded.
    if (await this.recordedBefore(request)) return { streamId, revision: -1n, position: 0n, events: [], duplicate: true };
    const { state, revision, position } = await this.load(streamId, decider);
    let decided: E[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    if (decided.length === 0) return { streamId, revision: revision ?? -1n, position: position ?? 0n, events: [], duplicate: false };

    // Sealed before anything is appended: an event is recorded with all its personal fields sealed, or not at all.
    const sealed = await this.sealing.seal(decided);
    const events = sealed.map((event, n) => this.envelope(event, ids.eventId(streamId, n), request));
    try {
      const started = performance.now();
      const appended = await this.store.append(streamId, events, revision ?? 'no_stream');
      this.commitMs += (performance.now() - started - this.commitMs) / 8;
      if (!appended.duplicate) {
        // Folded as read back would be, with the envelope's time (a decider may read it: when a deal was won).
        const next = decided.reduce((folded, event) => decider.evolve(folded, { ...event, occurredAt: request.occurredAt } as E), state);
        this.cache.set(streamId, { owner: decider, revision: appended.revision, position: appended.position, state: next });
      }
      return appended;
    } catch (error) {
      if (error instanceof EventIdConflictError) return error;
      if (error instanceof WrongExpectedRevisionError) return 'stream-moved';
      throw error;
    }
  }

  /** The current state of a stream, for a command that must look at another boundary first. */
  async state<S, E extends LedgerEvent>(streamId: string, decider: Folding<S, E>): Promise<S> {
    return (await this.load(streamId, decider)).state;
  }

  /** Folds the stream, starting from the cached state when there is one. */
  private async load<S, E extends LedgerEvent>(streamId: string, decider: Folding<S, E>) {
    const cached = this.cache.get(streamId, decider);
    const newer = await this.sealing.open(await this.store.readStream(streamId, cached ? { fromRevision: cached.revision + 1n } : {}));
    const state = asDecided<E>(newer).reduce<S>(decider.evolve, (cached?.state as S | undefined) ?? decider.initialState);
    const last = newer[newer.length - 1];
    const revision = last?.revision ?? cached?.revision;
    const position = last?.position ?? cached?.position;
    if (revision !== undefined && position !== undefined) this.cache.set(streamId, { owner: decider, revision, position, state });
    return { state, revision, position };
  }

  /**
   * Whether a command with an idempotency key was recorded before: its first derived id is
   * looked up in the stream (an append records all its events or none).
   */
  private async recordedBefore({ streamId, ids, context }: StreamCommand<unknown, unknown, LedgerEvent>): Promise<boolean> {
    if (context.idempotencyKey === undefined) return false;
    return (await this.store.findInStream(streamId, [ids.eventId(streamId, 0)])).length > 0;
  }

  /**
   * A refusal, an id clash, a duplicate or a no-op may be a retry of a command
   * already recorded: its derived ids are then in the stream, and the answer is everything
   * it recorded. Otherwise the outcome stands (an error is thrown, a result returned).
   */
  private async originalAnswer(request: StreamCommand<unknown, unknown, LedgerEvent>, outcome: Error | AppendResult): Promise<AppendResult> {
    const { streamId, ids, context } = request;
    const stand = () => {
      if (outcome instanceof Error) throw outcome;
      return outcome;
    };
    if (context.idempotencyKey === undefined) return stand();
    return (await this.priorAppend(request)) ?? stand();
  }

  /** Everything the command recorded in its stream before, or null. */
  private async priorAppend({ streamId, ids }: StreamCommand<unknown, unknown, LedgerEvent>): Promise<AppendResult | null> {
    // A command appends few events; look for more ids than it could have recorded.
    const candidates = Array.from({ length: 64 }, (_, n) => ids.eventId(streamId, n));
    const byId = new Map((await this.store.findInStream(streamId, candidates)).map((e) => [e.eventId, e]));
    const prior: RecordedEvent[] = [];
    for (let n = 0; byId.has(candidates[n]!); n++) prior.push(byId.get(candidates[n]!)!);
    if (prior.length === 0) return null;
    const last = prior[prior.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: prior, duplicate: true };
  }

  private envelope(event: LedgerEvent, eventId: string, { context, occurredAt }: StreamCommand<unknown, unknown, LedgerEvent>): NewEvent<LedgerEvent> {
    const envelope: NewEnvelope = { eventId, schemaVersion: this.sealing.schemaVersion(event.type), occurredAt, metadata: eventMetadata(context) };
    return { ...envelope, ...event };
  }
}
