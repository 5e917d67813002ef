import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from './command-ids';
import { commandResult, CommandResult } from './command-result';
import { CommandInput, DeclaredCommand } from './declared-command';
import { Program } from './program';
import { StreamWriter } from './stream-writer';

/**
 * The one command handler. Nest's command bus finds it for every subclass of DeclaredCommand
 * (command metadata is looked up along the prototype chain); it runs the declaration: one
 * stream's read, decide and append through the StreamWriter, or a workflow's steps.
 */
@CommandHandler(DeclaredCommand)
export class DeclaredCommandHandler implements ICommandHandler<DeclaredCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute(command: DeclaredCommand): Promise<CommandResult> {
    const declaration = command.declaration;
    const input: CommandInput<DeclaredCommand> = {
      command,
      ids: new CommandIds(declaration.name, command.context),
      occurredAt: command.body.occurredAt ?? command.context.receivedAt,
      program: this.program,
    };
    if ('run' in declaration) return declaration.run(input, this.writer);
    const { streamId, command: decided, answer } = declaration.target(input);
    const appended = await this.writer.execute({
      streamId,
      decider: declaration.decider(this.program),
      command: decided,
      ids: input.ids,
      context: command.context,
      occurredAt: input.occurredAt,
    });
    return commandResult(appended, answer(appended));
  }
}
