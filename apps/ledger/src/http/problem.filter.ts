import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { describeFailure } from '../errors/failure';

/** Every error answer is `{ statusCode, code, message }` (plus details); never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    sendProblem(error, host.switchToHttp().getResponse<Response>(), this.logger);
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
