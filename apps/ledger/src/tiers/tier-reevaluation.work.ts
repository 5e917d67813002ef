import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { rulesInForce } from '@ledger/domain';
import { DueWork } from '../due-work/due-work';
import { dueWorkContext } from '../due-work/due-work-context';
import { PartnerRoster, SweepResult } from '../partners';
import { ProgramVersions } from '../write/program';
import { ReevaluateTiersCommand } from './reevaluate-tiers.command';

/**
 * Due work: when a version of the program's rules takes effect, every partner's tier judged
 * by it (as POST /tiers/reevaluate). Remembered per instance: an instance that starts, or
 * takes the lease over, re-evaluates once under the version in force, which changes nothing
 * where tiers already agree.
 */
@Injectable()
export class TierReevaluationWork implements DueWork {
  readonly name = 'tier re-evaluation';
  private reevaluated?: number;

  constructor(private readonly commands: CommandBus, private readonly roster: PartnerRoster, private readonly versions: ProgramVersions) {}

  async run(asOf: string): Promise<string> {
    const inForce = rulesInForce(await this.versions.all(), asOf);
    if (!inForce) return 'no version of the program in force yet: nothing to judge tiers by';
    if (inForce.version === this.reevaluated) return `version ${inForce.version} in force, tiers already judged by it`;
    const done: SweepResult = await this.commands.execute(new ReevaluateTiersCommand({ asOf, occurredAt: asOf }, dueWorkContext('tier-reevaluation', asOf), this.roster, this.versions));
    this.reevaluated = inForce.version;
    return `tiers judged by version ${inForce.version}: ${done.partnersVisited} partners visited, ${done.tierChanges.length} tier changes`;
  }
}
