import { Decider, LedgerEvent } from '@ledger/domain';
import { AppendResult } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { CommandContext } from './command-context';
import { CommandIds } from './command-ids';
import { CommandResult } from './command-result';
import { Program } from './program';
import { StreamWriter } from './stream-writer';

/** What a declaration gets to build its command from. */
export interface CommandInput<T extends DeclaredCommand> {
  /** The request: its target id(s), body and context. */
  command: T;
  /** Ids derived from the idempotency key (or random), under the declaration's name. */
  ids: CommandIds;
  /** Business time: the body's occurredAt, else when the ledger received it. */
  occurredAt: string;
  program: Program;
}

/** A command that decides on one stream: which stream, which decider, which domain command. */
export interface StreamCommandDeclaration<T extends DeclaredCommand, C = unknown, S = unknown, E extends LedgerEvent = LedgerEvent> {
  /** The command's name; also the namespace of its derived ids, so it never changes. */
  name: string;
  decider(program: Program): Decider<C, S, E>;
  /** The stream, the domain command, and the ids the answer names besides the append's. */
  target(input: CommandInput<T>): { streamId: string; command: C; answer(appended: AppendResult<E>): Record<string, string | string[] | number> };
  /**
   * What follows a fresh append within the same request, when a process that follows the event
   * store would otherwise record it moments later (a win's co-op accrual): recorded with the
   * ids that process derives, so whichever comes first records it once. Answers the position
   * of what it recorded, so that `?minPosition=` of the answer covers it.
   */
  follow?(appended: AppendResult<E>, input: CommandInput<T>, writer: StreamWriter, config: LedgerConfig): Promise<bigint | undefined>;
}

/** A command that runs several steps across streams (first to register wins, a sweep over every partner). */
export interface WorkflowDeclaration<T extends DeclaredCommand, R = CommandResult> {
  name: string;
  run(input: CommandInput<T>, writer: StreamWriter): Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandDeclaration<T extends DeclaredCommand = any> = StreamCommandDeclaration<T, any, any, any> | WorkflowDeclaration<T, any>;

/**
 * Every ledger command: its body (validated at the edge by the declaration's schema), who
 * sent it, and its declaration. One handler (DeclaredCommandHandler) executes them all;
 * a subclass only names its target (partnerId, leadId) and its declaration.
 */
export abstract class DeclaredCommand<Body extends { occurredAt?: string } = { occurredAt?: string }> {
  abstract readonly declaration: CommandDeclaration;

  constructor(readonly body: Body, readonly context: CommandContext) {}
}
