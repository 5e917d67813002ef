import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Decider, fold, SCHEMA_VERSION } from '@ledger/domain';
import { AppendResult, EVENT_STORE, EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandContext } from './command-context';
import { CommandIds } from './command-ids';

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

export interface StreamCommand<C, S, E extends DomainEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  ids: CommandIds;
  context: CommandContext;
  occurredAt: string;
}

/**
 * The write path of every command: read the stream, fold it into state, decide, append with
 * the exact revision decided against; on a concurrent change, read and decide again (a
 * bounded number of times). A command whose idempotent ids are already in the stream is
 * answered from what was recorded, without deciding again.
 */
@Injectable()
export class StreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute<C, S, E extends DomainEvent>(request: StreamCommand<C, S, E>): Promise<AppendResult> {
    const { streamId, decider, command, ids } = request;
    for (let attempt = 0; ; attempt++) {
      const recorded = await this.store.readStream(streamId);
      const prior = this.priorAppend(recorded, request);
      if (prior) return prior;

      const state = fold(decider, recorded.map((e) => ({ type: e.type, data: e.data }) as unknown as E));
      const decided = decider.decide(command, state);
      const last = recorded[recorded.length - 1];
      if (decided.length === 0) {
        return { streamId, revision: last?.revision ?? -1n, position: last?.position ?? 0n, events: [], duplicate: false };
      }
      const events = decided.map((event, n) => this.envelope(event, ids.eventId(streamId, n), request));
      try {
        return await this.store.append(streamId, events, last ? last.revision : 'no_stream');
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= this.config.commandRetries) {
          throw error instanceof WrongExpectedRevisionError ? new ConcurrencyConflictError(streamId) : error;
        }
        await sleep(Math.random() * 2 * (attempt + 1)); // spread concurrent writers apart
      }
    }
  }

  /** The current state of a stream, for a command that must look at another boundary first. */
  async state<S, E extends DomainEvent>(streamId: string, decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>): Promise<S> {
    const recorded = await this.store.readStream(streamId);
    return fold(decider, recorded.map((e) => ({ type: e.type, data: e.data }) as unknown as E));
  }

  /** A retry of a command already recorded: its derived ids are in the stream. */
  private priorAppend(recorded: RecordedEvent[], { streamId, ids, context }: StreamCommand<unknown, unknown, DomainEvent>): AppendResult | null {
    if (context.idempotencyKey === undefined) return null;
    const byId = new Map(recorded.map((e) => [e.eventId, e]));
    const prior: RecordedEvent[] = [];
    for (let n = 0; byId.has(ids.eventId(streamId, n)); n++) prior.push(byId.get(ids.eventId(streamId, n))!);
    if (prior.length === 0) return null;
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
