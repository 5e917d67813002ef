import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '@ledger/domain';
import { EarnCertificationBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class EarnCertificationCommand {
  constructor(readonly partnerId: string, readonly body: EarnCertificationBody, readonly context: CommandContext) {}
}

@CommandHandler(EarnCertificationCommand)
export class EarnCertificationHandler implements ICommandHandler<EarnCertificationCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ partnerId, body, context }: EarnCertificationCommand): Promise<CommandResult> {
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const appended = await this.writer.execute({
      streamId: streams.partner(partnerId),
      decider: this.program.partner,
      command: { type: 'EarnCertification', partnerId, ...body, occurredAt },
      ids: new CommandIds('EarnCertification', context),
      context,
      occurredAt,
    });
    return commandResult(appended, { partnerId });
  }
}
