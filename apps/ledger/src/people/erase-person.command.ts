import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personDecider, streams } from '@ledger/domain';
import { instant, label } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { commandResult } from '../write/command-result';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';
import { PersonalData } from './personal-data.service';

/** POST /people/:personId/erase. */
export const erasePersonBody = z.strictObject({
  reason: label(500).describe('Why the person is erased (a request under GDPR art. 17, say); recorded for the audit, so it must not name the person'),
  occurredAt: instant.optional(),
});
export type ErasePersonBody = z.infer<typeof erasePersonBody>;
export class ErasePersonDto extends createZodDto(erasePersonBody) {}

/**
 * Erasure destroys the person's keys at every partner first, then records PersonErased on
 * the person's stream (by pseudonym), in the stream's turn. Done in that order, a crash in
 * between leaves the person erased and the next request records it; a repeat destroys
 * nothing more and records nothing, unless a key was made meanwhile.
 */
export const erasePerson: WorkflowDeclaration<ErasePersonCommand> = {
  name: 'ErasePerson',
  async run({ command, ids, occurredAt }, writer) {
    const personRef = await command.personal.personRefOf(command.personId);
    const streamId = streams.person(personRef);
    return writer.exclusive([streamId], async () => {
      const { keyIds } = await command.personal.erase(command.personId);
      const appended = await writer.execute({
        streamId, decider: personDecider, command: { type: 'ErasePerson', personRef, keyIds, reason: command.body.reason }, ids, context: command.context, occurredAt,
      });
      return { ...commandResult(appended, {}), personRef, keysDestroyed: keyIds };
    });
  },
};

export class ErasePersonCommand extends DeclaredCommand<ErasePersonBody> {
  readonly declaration: CommandDeclaration = erasePerson;
  constructor(readonly personId: string, body: ErasePersonBody, context: CommandContext, readonly personal: PersonalData) {
    super(body, context);
  }
}
