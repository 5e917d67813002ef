import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Decider, DomainError, SCHEMA_VERSION } from '@ledger/domain';
import {
  AppendResult, EVENT_STORE, EventIdConflictError, EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError,
} from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandContext } from './command-context';
import { CommandIds } from './command-ids';
import { StreamStateCache } from './stream-state-cache';

/** Retries ran out: the stream kept moving under this command. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} kept changing while this command was decided; try again`);
  }
}

interface DomainEvent {
  type: string;
  data: object;
}

type Folding<S, E> = Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>;

export interface StreamCommand<C, S, E extends DomainEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  ids: CommandIds;
  context: CommandContext;
  occurredAt: string;
}

const asDomainEvent = <E>(e: RecordedEvent) => ({ type: e.type, data: e.data }) as unknown as E;

/**
 * The write path of every command: fold the stream into state, decide, append with the
 * exact revision decided against; on a concurrent change, catch up and decide again (a
 * bounded number of times). States are cached per stream so a command reads only what was
 * appended since the last one.
 *
 * A retried command (same idempotency key) derives the same event ids, so the store answers
 * it from what was recorded. When the state has moved on so that deciding again would refuse
 * or differ, the stream is searched for the command's own ids and the original answer given.
 */
@Injectable()
export class StreamWriter {
  private readonly cache: StreamStateCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.cache = new StreamStateCache(config.commandStateCache);
  }

  async execute<C, S, E extends DomainEvent>(request: StreamCommand<C, S, E>): Promise<AppendResult> {
    const { streamId, decider, command, ids } = request;
    for (let attempt = 0; ; attempt++) {
      const { state, revision, position } = await this.load(streamId, decider);
      let decided: E[];
      try {
        decided = decider.decide(command, state);
      } catch (error) {
        if (error instanceof DomainError) return this.originalAnswer(request, error);
        throw error;
      }
      if (decided.length === 0) {
        const unchanged = { streamId, revision: revision ?? -1n, position: position ?? 0n, events: [], duplicate: false };
        return request.context.idempotencyKey === undefined ? unchanged : this.originalAnswer(request, unchanged);
      }

      const events = decided.map((event, n) => this.envelope(event, ids.eventId(streamId, n), request));
      try {
        const appended = await this.store.append(streamId, events, revision ?? 'no_stream');
        // A duplicate may be only part of what the command first recorded: answer with all of it.
        if (appended.duplicate) return this.originalAnswer(request, appended);
        this.cache.set(streamId, { owner: decider, revision: appended.revision, position: appended.position, state: decided.reduce(decider.evolve, state) });
        return appended;
      } catch (error) {
        if (error instanceof EventIdConflictError) return this.originalAnswer(request, error);
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= this.config.commandRetries) throw new ConcurrencyConflictError(streamId);
        await sleep(Math.random() * 2 * (attempt + 1)); // spread concurrent writers apart
      }
    }
  }

  /** The current state of a stream, for a command that must look at another boundary first. */
  async state<S, E>(streamId: string, decider: Folding<S, E>): Promise<S> {
    return (await this.load(streamId, decider)).state;
  }

  /** Folds the stream, starting from the cached state when there is one. */
  private async load<S, E>(streamId: string, decider: Folding<S, E>) {
    const cached = this.cache.get(streamId, decider);
    const newer = await this.store.readStream(streamId, cached ? { fromRevision: cached.revision + 1n } : {});
    const state = newer.map((e) => asDomainEvent<E>(e)).reduce(decider.evolve, (cached?.state as S | undefined) ?? decider.initialState);
    const last = newer[newer.length - 1];
    const revision = last?.revision ?? cached?.revision;
    const position = last?.position ?? cached?.position;
    if (revision !== undefined && position !== undefined) this.cache.set(streamId, { owner: decider, revision, position, state });
    return { state, revision, position };
  }

  /**
   * A refusal, an id clash, a partial duplicate or a no-op may be a retry of a command
   * already recorded: its derived ids are then in the stream, and the answer is everything
   * it recorded. Otherwise the outcome stands (an error is thrown, a result returned).
   */
  private async originalAnswer(request: StreamCommand<unknown, unknown, DomainEvent>, outcome: Error | AppendResult): Promise<AppendResult> {
    const { streamId, ids, context } = request;
    const stand = () => {
      if (outcome instanceof Error) throw outcome;
      return outcome;
    };
    if (context.idempotencyKey === undefined) return stand();
    // A command appends few events; look for more ids than it could have recorded.
    const candidates = Array.from({ length: 64 }, (_, n) => ids.eventId(streamId, n));
    const byId = new Map((await this.store.findInStream(streamId, candidates)).map((e) => [e.eventId, e]));
    const prior: RecordedEvent[] = [];
    for (let n = 0; byId.has(candidates[n]!); n++) prior.push(byId.get(candidates[n]!)!);
    if (prior.length === 0) return stand();
    const last = prior[prior.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: prior, duplicate: true };
  }

  private envelope(event: DomainEvent, eventId: string, { context, occurredAt }: StreamCommand<unknown, unknown, DomainEvent>): NewEvent {
    return {
      eventId,
      type: event.type,
      schemaVersion: SCHEMA_VERSION,
      occurredAt,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: context.actor,
        source: context.source,
        correlationId: context.correlationId,
        causationId: context.causationId,
        ...(context.idempotencyKey !== undefined ? { idempotencyKey: context.idempotencyKey } : {}),
      },
    };
  }
}
