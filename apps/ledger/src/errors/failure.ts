import { HttpException } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { DomainError, RefusalKind } from '@ledger/domain';
import { EventIdConflictError, EventStoreUnavailableError } from '@ledger/event-store';
import { InvalidCursorError, ReadStoreUnavailableError } from '@ledger/read-store';
import { AccessDeniedError } from '../auth/api-key.guard';
import { MethodNotAllowedError } from '../http/method-not-allowed';
import { PositionNotReachedError, ReadModelNotReadyError } from '../read-models/read-model-freshness';
import { OverloadedError } from '../write/stream-queues';
import { ConcurrencyConflictError } from '../write/stream-writer';

/**
 * Why a request or message failed, in one shape for every transport: HTTP answers it,
 * the Kafka consumer puts it in the dead-letter headers or retries when it is transient.
 */
export interface Failure {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** The ledger, not the sender, is at fault for now: retry later, do not dead-letter. */
  transient: boolean;
  /** Seconds after which a retry is likely to succeed (HTTP Retry-After). */
  retryAfterSeconds?: number;
}

const STATUS_OF: Record<RefusalKind, number> = { invalid: 400, not_found: 404, conflict: 409, rule: 422 };

export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

export function describeFailure(error: unknown): Failure {
  const refused = (statusCode: number, code: string, message: string, details?: Record<string, unknown>): Failure => ({
    statusCode, code, message, ...(details && Object.keys(details).length ? { details } : {}), transient: false,
  });
  if (error instanceof AccessDeniedError) return refused(error.statusCode, error.code, error.message);
  if (error instanceof DomainError) return refused(STATUS_OF[error.kind], error.code, error.message, error.details);
  if (error instanceof ZodValidationException) return refused(400, 'VALIDATION_FAILED', describeZodError(error.getZodError() as ZodError));
  if (error instanceof ZodError) return refused(400, 'VALIDATION_FAILED', describeZodError(error));
  if (error instanceof ConcurrencyConflictError) return refused(409, 'CONCURRENCY_CONFLICT', error.message);
  if (error instanceof EventIdConflictError) {
    return refused(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was already used for a different command');
  }
  if (error instanceof OverloadedError) {
    return { statusCode: 503, code: 'OVERLOADED', message: error.message, transient: true, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof MethodNotAllowedError) return refused(405, 'METHOD_NOT_ALLOWED', error.message);
  if (error instanceof InvalidCursorError) return refused(400, 'INVALID_CURSOR', error.message);
  if (error instanceof PositionNotReachedError) {
    return refused(409, 'POSITION_NOT_REACHED', error.message, { minPosition: error.position.toString(), head: error.head.toString() });
  }
  if (error instanceof ReadModelNotReadyError) return { statusCode: 504, code: 'READ_MODEL_NOT_READY', message: error.message, transient: true };
  if (error instanceof EventStoreUnavailableError || error instanceof ReadStoreUnavailableError) {
    return { statusCode: 503, code: 'STORE_UNAVAILABLE', message: 'a store is unavailable; try again shortly', transient: true };
  }
  const bodyParser = error as { type?: string; status?: number };
  if (bodyParser?.type === 'entity.parse.failed') return refused(400, 'MALFORMED_JSON', 'the body is not valid JSON');
  if (bodyParser?.type === 'entity.too.large') return refused(413, 'PAYLOAD_TOO_LARGE', 'the body is larger than the ledger accepts');
  if (bodyParser?.type === 'encoding.unsupported' || bodyParser?.type === 'charset.unsupported') {
    return refused(415, 'UNSUPPORTED_ENCODING', 'the body must be UTF-8 JSON');
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const code = status === 404 ? 'ROUTE_NOT_FOUND' : error.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    return refused(status, code, status === 404 ? 'no such route' : error.message);
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'unexpected error; it has been logged', transient: true };
}
