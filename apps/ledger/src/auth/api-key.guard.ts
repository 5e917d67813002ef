import { CanActivate, ExecutionContext, Injectable, Logger, OnModuleInit, Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ApiKey, Role } from '../config/api-keys';
import { authenticate } from './api-keys';
import { Audience, audienceOf } from './personal-data-access';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** 401 without a valid key, 403 with a key that lacks the route's roles. */
export class AccessDeniedError extends Error {
  constructor(readonly statusCode: 401 | 403, readonly code: string, message: string) {
    super(message);
  }
}

export interface AuthenticatedRequest extends Request {
  apiKey?: Pick<ApiKey, 'name' | 'roles'>;
  /** How this request's caller may see personal data (set once the key is checked). */
  personalData?: Audience;
}

/** Taken from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const header = request.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return request.header('x-api-key') ?? undefined;
}

/**
 * Every route needs a key with one of its roles, unless it is public. Without any key
 * configured (development only; production refuses to start) the ledger is open and says
 * so in a response header.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger('Security');

  constructor(
    private readonly reflector: Reflector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onModuleInit() {
    if (this.config.auth.keys.length === 0) {
      this.logger.warn('NO API KEYS CONFIGURED: the ledger is OPEN to anyone who can reach it. Set LEDGER_API_KEYS or LEDGER_API_KEYS_FILE.');
    } else {
      this.logger.log(`${this.config.auth.keys.length} API key(s) configured`);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    if (this.config.auth.keys.length === 0) {
      context.switchToHttp().getResponse<Response>().setHeader('X-Ledger-Access', 'open: no API keys are configured');
      request.personalData = audienceOf(undefined, this.config);
      return true;
    }
    const presented = presentedKey(request);
    const key = presented === undefined ? undefined : authenticate(this.config.auth.keys, presented);
    if (!key) throw new AccessDeniedError(401, 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key> or X-API-Key)');
    const needed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!needed.some((role) => key.roles.includes(role))) {
      throw new AccessDeniedError(403, 'FORBIDDEN', `this route needs one of the roles: ${needed.join(', ')}`);
    }
    request.apiKey = { name: key.name, roles: key.roles };
    request.personalData = audienceOf(key.roles, this.config);
    return true;
  }
}
