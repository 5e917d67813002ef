import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streams } from '@ledger/domain';
import { WinDealBody } from '../../contracts/commands.schemas';
import { CommandContext } from '../command-context';
import { CommandIds } from '../command-ids';
import { commandResult, CommandResult } from '../command-result';
import { Program } from '../program';
import { StreamWriter } from '../stream-writer';

export class WinDealCommand {
  constructor(readonly leadId: string, readonly body: WinDealBody, readonly context: CommandContext) {}
}

@CommandHandler(WinDealCommand)
export class WinDealHandler implements ICommandHandler<WinDealCommand, CommandResult> {
  constructor(private readonly writer: StreamWriter, private readonly program: Program) {}

  async execute({ leadId, body, context }: WinDealCommand): Promise<CommandResult> {
    const occurredAt = body.occurredAt ?? context.receivedAt;
    const money = (amount: string, field: string) => this.program.money({ amount, currency: body.currency }, field);
    const appended = await this.writer.execute({
      streamId: streams.lead(leadId),
      decider: this.program.lead,
      command: {
        type: 'WinDeal',
        leadId,
        amount: money(body.amount, 'amount'),
        lines: (body.lines ?? []).map((line, i) => ({
          productLine: line.productLine,
          product: line.product,
          revenue: money(line.revenue, `lines[${i}].revenue`),
          margin: money(line.margin, `lines[${i}].margin`),
        })),
        occurredAt,
      },
      ids: new CommandIds('WinDeal', context),
      context,
      occurredAt,
    });
    return commandResult(appended, { leadId, partnerId: String(appended.events[0]?.data['partnerId'] ?? '') });
  }
}
