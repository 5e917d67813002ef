import { Logger } from '@nestjs/common';
import { DomainError, LedgerEvent, streams } from '@ledger/domain';
import { AppendResult } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { CommandIds } from '../write/command-ids';
import { Program } from '../write/program';
import { StreamWriter } from '../write/stream-writer';
import { coopCommandFor, isCoopSource, mayReact, reactionContext, tierWhenRecorded } from './coop-reactions';

const logger = new Logger('CoopReactor');

/**
 * A win's accrual (a reversal's clawback) recorded in the request that recorded the win, so
 * that the partner's balance holds it when the answer comes back: the same command, under the
 * same rules and with the same ids as the co-op reactor's (reactionContext), so the reactor
 * finds it recorded and records nothing. Anything that stops it here is left to the reactor,
 * which follows every win from its checkpoint: the win itself is recorded either way.
 */
export async function coopFollowUp(appended: AppendResult<LedgerEvent>, program: Program, writer: StreamWriter, config: LedgerConfig): Promise<bigint | undefined> {
  // COOP_REACTOR_ENABLED=false: another instance records the co-op reactions.
  if (!config.coopReactor.enabled) return undefined;
  let position: bigint | undefined;
  for (const source of appended.events.filter(isCoopSource).filter((event) => mayReact(event, program.rules))) {
    const { partnerId } = source.data;
    try {
      const tier = source.type === 'DealWon' ? await tierWhenRecorded(writer, partnerId, source.position) : 'none';
      const command = coopCommandFor(source, tier);
      const context = reactionContext(source, new Date().toISOString());
      const recorded = await writer.execute({
        streamId: streams.partner(partnerId), decider: program.partner, command, ids: new CommandIds(command.type, context), context, occurredAt: source.occurredAt,
      });
      if (recorded.events.length > 0) position = recorded.position;
    } catch (error) {
      if (!(error instanceof DomainError)) logger.warn(`the co-op reaction to ${source.type} ${source.eventId} is left to the reactor: ${String(error)}`);
    }
  }
  return position;
}
