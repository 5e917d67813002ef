import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DueWork } from '../due-work/due-work';
import { dueWorkContext } from '../due-work/due-work-context';
import { PartnerRoster, SweepResult } from '../partners';
import { ExpireDueCertificationsCommand } from './expire-due-certifications.command';

/** Due work: every partner's lapsed certifications expired, and the tier that follows (as POST /certifications/expire-due). */
@Injectable()
export class CertificationExpiryWork implements DueWork {
  readonly name = 'certification expiry';

  constructor(private readonly commands: CommandBus, private readonly roster: PartnerRoster) {}

  async run(asOf: string): Promise<string> {
    const done: SweepResult = await this.commands.execute(new ExpireDueCertificationsCommand({ asOf, occurredAt: asOf }, dueWorkContext('certification-expiry', asOf), this.roster));
    return `${done.partnersVisited} partners visited, ${done.certificationsExpired} certifications expired, ${done.tierChanges.length} tier changes`;
  }
}
