import { ArgumentsHost, Catch, ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { describeFailure } from '../errors/failure';
import { allowedMethods, MethodNotAllowedError } from './method-not-allowed';

/** Every error answer is `{ statusCode, code, message }` (plus details); never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // No route matched (Nest's not-found handler): a path that exists with other methods is
    // 405 with Allow, and OPTIONS lists them; an unknown path stays 404 ROUTE_NOT_FOUND.
    if (error instanceof NotFoundException && request.route === undefined) {
      const allowed = allowedMethods(this.adapterHost.httpAdapter.getInstance(), request.path);
      if (allowed.length > 0) {
        response.setHeader('Allow', allowed.join(', '));
        if (request.method === 'OPTIONS') {
          response.status(204).end();
          return;
        }
        error = new MethodNotAllowedError(request.method, allowed);
      }
    }
    // Thrown by a handler whose parameter route reached a path another route owns.
    if (error instanceof MethodNotAllowedError && !response.hasHeader('Allow')) response.setHeader('Allow', error.allowed.join(', '));
    sendProblem(error, response, this.logger);
  }
}

export function sendProblem(error: unknown, response: Response, logger: Logger): void {
  const failure = describeFailure(error);
  // Only the unexpected deserves a stack trace; a store outage or a read-model wait is one line.
  if (failure.code === 'INTERNAL_ERROR') logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  else if (failure.transient) logger.warn(`${failure.code}: ${failure.message}`);
  const { statusCode, code, message, details, retryAfterSeconds } = failure;
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(statusCode).json({ statusCode, code, message, ...details });
}

/**
 * Body-parser errors happen before Nest's router; this middleware answers them in the same
 * problem shape (Nest would otherwise turn them into a generic Bad Request).
 */
export function bodyProblemHandler(logger = new Logger('HTTP')) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    sendProblem(error, response, logger);
  };
}
