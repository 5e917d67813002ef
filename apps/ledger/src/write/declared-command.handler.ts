import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { streams } from '@ledger/domain';
import { CommandIds } from './command-ids';
import { commandResult, CommandResult } from './command-result';
import { CommandInput, DeclaredCommand } from './declared-command';
import { ProgramVersions } from './program';
import { StreamWriter } from './stream-writer';

/**
 * The one command handler. Nest's command bus finds it for every subclass of DeclaredCommand
 * (command metadata is looked up along the prototype chain); it runs the declaration: one
 * stream's read, decide and append through the StreamWriter, or a workflow's steps.
 */
@CommandHandler(DeclaredCommand)
export class DeclaredCommandHandler implements ICommandHandler<DeclaredCommand, CommandResult> {
  constructor(
    private readonly writer: StreamWriter,
    private readonly versions: ProgramVersions,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute(command: DeclaredCommand): Promise<CommandResult> {
    const declaration = command.declaration;
    const occurredAt = command.body.occurredAt ?? command.context.receivedAt;
    const input: CommandInput<DeclaredCommand> = {
      command,
      ids: new CommandIds(declaration.name, command.context),
      occurredAt,
      // A fact is judged by the rules in force when it occurred, not when it is reported.
      program: await this.versions.at(occurredAt),
    };
    if ('run' in declaration) return declaration.run(input, this.writer);
    const { streamId, command: decided, answer } = declaration.target(input);
    const appended = await this.writer.execute({
      streamId,
      decider: declaration.decider(input.program),
      command: decided,
      ids: input.ids,
      context: command.context,
      occurredAt: input.occurredAt,
    });
    // A version published here judges the next command at once.
    if (streamId === streams.program()) await this.versions.refresh();
    const fresh = !appended.duplicate && appended.events.length > 0;
    const followed = fresh && declaration.follow ? await declaration.follow(appended, input, this.writer, this.config) : undefined;
    const position = followed !== undefined && followed > appended.position ? followed : appended.position;
    return commandResult({ ...appended, position }, answer(appended));
  }
}
