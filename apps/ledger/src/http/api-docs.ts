import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags, OpenAPIObject } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../config/api-keys';
import { CommandResultDto, ProblemDto } from './dto';

const problems: Record<number, string> = {
  401: 'No valid API key',
  403: 'The API key lacks the role this route needs',
  400: 'Malformed JSON, a missing or mistyped field, an unknown field or enum value',
  404: 'Unknown partner or lead',
  409: 'Conflict: already registered, already won, or concurrent change',
  422: 'A program rule refused it (currency, product line, ...)',
  504: 'The read models did not reach minPosition in time',
};

const overloaded = ApiResponse({
  status: 503,
  description: 'OVERLOADED: too many commands waiting, or this one waited too long for its turn. Nothing was recorded: retry with the same Idempotency-Key after Retry-After seconds',
  type: ProblemDto,
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
});

/** The error answers a route can give, documented with the shared problem shape. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(...[401, 403, ...statuses].map((status) => ApiResponse({ status, description: problems[status], type: ProblemDto })));

/** Documentation shared by every command route. */
export const ApiCommand = (...statuses: number[]) =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same command: the original answer, nothing appended twice' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Recorded in the events\' metadata' }),
    ApiResponse({ status: 201, description: 'Recorded', type: CommandResultDto }),
    ApiProblems(400, ...statuses),
    overloaded,
  );

/**
 * Operation ids as clients generated them before the routes moved into their capabilities'
 * controllers: `CommandsController_<method>` for the commands, `QueriesController_<method>`
 * for the queries (by the route's tag), so that generated clients keep their names.
 */
export function keepOperationIds(document: OpenAPIObject): OpenAPIObject {
  const prefixes: Record<string, string> = { commands: 'CommandsController', queries: 'QueriesController' };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { operationId?: string; tags?: string[] }[]) {
      const prefix = operation?.tags?.map((tag) => prefixes[tag]).find(Boolean);
      const method = operation?.operationId?.split('_').slice(1).join('_');
      if (prefix && method) operation.operationId = `${prefix}_${method}`;
    }
  }
  return document;
}

/** A controller of command routes: publishers' keys, documented under "commands". */
export const CommandRoutes = () => applyDecorators(ApiTags('commands'), ApiBearerAuth(), Roles('publisher'), Controller());

/** A controller of query routes (a route may name other roles), documented under "queries". */
export const QueryRoutes = (...roles: Role[]) => applyDecorators(ApiTags('queries'), ApiBearerAuth(), ...(roles.length ? [Roles(...roles)] : []), Controller());
