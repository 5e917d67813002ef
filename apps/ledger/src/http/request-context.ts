import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { refuse } from '@ledger/domain';
import { AuthenticatedRequest } from '../auth/api-key.guard';
import { CommandContext } from '../write/command-context';

/** Idempotency-Key and X-Correlation-Id: 1 to 200 visible ASCII characters (the OpenAPI document states the same pattern). */
export const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function boundedHeader(request: Request, name: string): string | undefined {
  const value = request.header(name);
  if (value === undefined) return undefined;
  if (!HEADER_VALUE.test(value)) {
    throw refuse.invalid('INVALID_HEADER', `${name} must be 1 to 200 visible ASCII characters`, { header: name });
  }
  return value;
}

/** The command context of an HTTP request: who, from where, correlation and idempotency. */
export const HttpCommandContext = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const requestId = randomUUID();
  return {
    // The key's name, never a value the client sends; 'anonymous' only when the ledger runs open.
    actor: request.apiKey?.name ?? 'anonymous',
    source: 'http',
    correlationId: boundedHeader(request, 'x-correlation-id') ?? requestId,
    causationId: requestId,
    idempotencyKey: boundedHeader(request, 'idempotency-key'),
    receivedAt: new Date().toISOString(),
  };
});
