import { DeclaredCommandHandler } from '../declared-command.handler';

// Each command is declared in its capability's folder; one handler runs them all.
export * from '../../partners/register-partner.command';
export * from '../../leads/register-lead.command';
export * from '../../leads/win-deal.command';
export * from '../../certifications/earn-certification.command';
export * from '../../certifications/expire-certifications.command';
export * from '../../incentives/award-incentive.command';

export const COMMAND_HANDLERS = [DeclaredCommandHandler];
