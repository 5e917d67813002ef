import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '@ledger/domain';
import { AwardIncentiveBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class AwardIncentiveCommand {
  constructor(readonly partnerId: string, readonly body: AwardIncentiveBody, readonly context: CommandContext) {}
}

@CommandHandler(AwardIncentiveCommand)
export class AwardIncentiveHandler implements ICommandHandler<AwardIncentiveCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ partnerId, body, context }: AwardIncentiveCommand): Promise<CommandResult> {
    const ids = new CommandIds('AwardIncentive', context);
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const appended = await this.writer.execute({
      streamId: streams.partner(partnerId),
      decider: this.program.partner,
      command: {
        type: 'AwardIncentive',
        partnerId,
        incentiveId: body.incentiveId ?? ids.entityId('incentive'),
        recipient: body.recipient,
        kind: body.kind,
        value: this.program.money(body.value, 'value.amount'),
        reason: body.reason,
        challengeId: body.challengeId,
        occurredAt,
      },
      ids,
      context,
      occurredAt,
    });
    return commandResult(appended, { partnerId, incentiveId: String(appended.events[0]?.data['incentiveId'] ?? '') });
  }
}
