import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '@ledger/domain';
import { ExpireCertificationsBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class ExpireCertificationsCommand {
  constructor(readonly partnerId: string, readonly body: ExpireCertificationsBody, readonly context: CommandContext) {}
}

/** Records the certifications that have lapsed by `asOf` (default: now) and the tier that follows. */
@CommandHandler(ExpireCertificationsCommand)
export class ExpireCertificationsHandler implements ICommandHandler<ExpireCertificationsCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ partnerId, body, context }: ExpireCertificationsCommand): Promise<CommandResult> {
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const appended = await this.writer.execute({
      streamId: streams.partner(partnerId),
      decider: this.program.partner,
      command: { type: 'ExpireCertifications', partnerId, asOf: body.asOf ?? context.receivedAt, occurredAt },
      ids: new CommandIds('ExpireCertifications', context),
      context,
      occurredAt,
    });
    return commandResult(appended, { partnerId });
  }
}
