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
  if (failure.statusCode >= 500) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const { statusCode, code, message, details } = failure;
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
