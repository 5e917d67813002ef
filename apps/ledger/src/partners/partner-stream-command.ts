import { AppendResult } from '@ledger/event-store';
import { PartnerCommand, PartnerEvent, PartnerState, streams } from '@ledger/domain';
import { CommandInput, DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/**
 * A command decided by the partner's stream, for a partner the request names: only its name,
 * the domain command and, when it generates one, the id its answer names are left to say.
 */
export function onPartnerStream<T extends DeclaredCommand & { partnerId: string }>(
  name: string,
  command: (input: CommandInput<T>) => PartnerCommand,
  answer: (appended: AppendResult<PartnerEvent>) => Record<string, string> = () => ({}),
): StreamCommandDeclaration<T, PartnerCommand, PartnerState, PartnerEvent> {
  return {
    name,
    decider: (program) => program.partner,
    target: (input) => ({
      streamId: streams.partner(input.command.partnerId),
      command: command(input),
      answer: (appended) => ({ partnerId: input.command.partnerId, ...answer(appended) }),
    }),
  };
}
