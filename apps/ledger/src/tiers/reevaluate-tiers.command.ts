import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { streams } from '@ledger/domain';
import { instant } from '../contracts/fields';
import { PartnerRoster, SweepResult } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand, WorkflowDeclaration } from '../write/declared-command';
import { ProgramVersions } from '../write/program';

/** POST /tiers/reevaluate. */
export const reevaluateTiersBody = z.strictObject({
  asOf: instant.optional(),
  occurredAt: instant.optional(),
});
export type ReevaluateTiersBody = z.infer<typeof reevaluateTiersBody>;
export class ReevaluateTiersDto extends createZodDto(reevaluateTiersBody) {}

/**
 * Every partner's tier judged again by the program rules version in force at `asOf` (default
 * now), typically once a newly published version takes effect: each partner's stream decides
 * its own ReevaluateTier (what lapsed by asOf is expired first), and a TierChanged is
 * recorded only where the tier differs, naming that version.
 */
export const reevaluateTiers: WorkflowDeclaration<ReevaluateTiersCommand, SweepResult & { rulesVersion: number }> = {
  name: 'ReevaluateTiers',
  async run({ command, ids, occurredAt }, writer) {
    const asOf = command.body.asOf ?? command.context.receivedAt;
    const program = await command.versions.at(asOf);
    const result = await command.roster.sweep(asOf, (partnerId) =>
      writer.execute({
        streamId: streams.partner(partnerId),
        decider: program.partner,
        command: { type: 'ReevaluateTier', partnerId, asOf, occurredAt },
        ids,
        context: command.context,
        occurredAt,
      }),
    );
    return { ...result, rulesVersion: program.rules.version };
  },
};

export class ReevaluateTiersCommand extends DeclaredCommand<ReevaluateTiersBody> {
  readonly declaration: CommandDeclaration = reevaluateTiers;
  constructor(body: ReevaluateTiersBody, context: CommandContext, readonly roster: PartnerRoster, readonly versions: ProgramVersions) {
    super(body, context);
  }
}
