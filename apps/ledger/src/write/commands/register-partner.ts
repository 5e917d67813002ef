import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '@ledger/domain';
import { RegisterPartnerBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class RegisterPartnerCommand {
  constructor(readonly body: RegisterPartnerBody, readonly context: CommandContext) {}
}

@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ body, context }: RegisterPartnerCommand): Promise<CommandResult> {
    const ids = new CommandIds('RegisterPartner', context);
    const partnerId = body.partnerId ?? ids.entityId('partner');
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const appended = await this.writer.execute({
      streamId: streams.partner(partnerId),
      decider: this.program.partner,
      command: { type: 'RegisterPartner', partnerId, name: body.name, typology: body.typology, territory: body.territory, occurredAt },
      ids,
      context,
      occurredAt,
    });
    return commandResult(appended, { partnerId: (appended.events[0]?.data['partnerId'] as string) ?? partnerId });
  }
}
