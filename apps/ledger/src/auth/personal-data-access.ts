import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { LedgerConfig } from '../config/ledger-config';

/** How a reader sees personal data: in clear, or withheld ("[personal]"); an erased person is "[erased]" to all. */
export type Audience = 'clear' | 'withheld';

/**
 * Clear for a key with one of the roles PERSONAL_DATA_ROLES names (auditor and admin unless
 * configured), and for everyone when the ledger runs open (no keys: development only).
 */
export function audienceOf(roles: readonly string[] | undefined, config: Pick<LedgerConfig, 'auth' | 'personalData'>): Audience {
  if (config.auth.keys.length === 0) return 'clear';
  return roles?.some((role) => config.personalData.roles.includes(role)) ? 'clear' : 'withheld';
}

/** The audience of the request's caller, as the API key guard found it; withheld when unknown. */
export const ReaderAudience = createParamDecorator((_: unknown, ctx: ExecutionContext): Audience => {
  const request = ctx.switchToHttp().getRequest<{ personalData?: Audience }>();
  return request.personalData ?? 'withheld';
});
