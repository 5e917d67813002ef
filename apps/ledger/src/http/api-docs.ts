import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags, OpenAPIObject } from '@nestjs/swagger';
import type { ProgramRules } from '@ledger/domain';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../config/api-keys';
import { CommandResultDto, ProblemDto } from './dto';
import { HEADER_VALUE } from './request-context';

const problems: Record<number, string> = {
  401: 'No valid API key',
  403: 'The API key lacks the role this route needs',
  400: 'Malformed JSON, a missing or mistyped field, an unknown field or enum value, a bad header',
  404: 'Unknown partner or lead',
  409: 'Conflict: already registered (LEAD_ALREADY_REGISTERED, with holderPartnerId and protectedUntil), already won, a lead not open (LEAD_NOT_OPEN), or concurrent change',
  413: 'PAYLOAD_TOO_LARGE: the body is over 64 KiB',
  422: 'A program rule refused it (currency, product line, EXTENSION_LIMIT_REACHED, ...)',
  504: 'READ_MODEL_NOT_READY: the read models did not reach minPosition in time',
};

/** What the ledger enforces on its two command headers (request-context.ts). */
const boundedHeader = { type: 'string', minLength: 1, maxLength: 200, pattern: HEADER_VALUE.source } as const;

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
export const ApiCommand = (...statuses: number[]) => ApiCommandAnswering(CommandResultDto, ...statuses);

/** A command route whose answer is not the usual one (a sweep over every partner). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ApiCommandAnswering = (answer: Function, ...statuses: number[]) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key, same command: the original answer, nothing appended twice. 1 to 200 visible ASCII characters (400 INVALID_HEADER otherwise)',
      schema: boundedHeader,
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded in the events\' metadata. 1 to 200 visible ASCII characters (400 INVALID_HEADER otherwise)',
      schema: boundedHeader,
    }),
    ApiResponse({ status: 201, description: 'Recorded', type: answer }),
    ApiProblems(400, 413, ...statuses),
    overloaded,
  );

const problem = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemDto' } } } });

type Operation = { operationId?: string; tags?: string[]; parameters?: { name?: string; in?: string }[]; responses?: Record<string, unknown> };
const operationsOf = (document: OpenAPIObject) =>
  Object.values(document.paths).flatMap((path) => Object.values(path).filter((value): value is Operation => Boolean(value?.responses)));

/** Every route that takes `?minPosition=` documents both ways it can fail: not reachable, not reached in time. */
export function documentFreshness(document: OpenAPIObject): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    if (!operation.parameters?.some((p) => p.in === 'query' && p.name === 'minPosition')) continue;
    operation.responses!['409'] = problem('POSITION_NOT_REACHED: minPosition is beyond the event store\'s head, so waiting cannot reach it (answered at once)');
    operation.responses!['504'] = problem(problems[504]!);
  }
  return document;
}

/**
 * OpenAPI links from a command's answer to the routes its ids lead to, so that clients and
 * stateful testers follow a partner to its leads and a lead to its deal.
 */
const LINKS: { from: string; to: string; parameter: 'partnerId' | 'leadId' | 'claimId' }[] = [
  { from: 'CommandsController_registerPartner', to: 'QueriesController_getPartner', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'CommandsController_registerLead', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'CommandsController_earnCertification', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'CommandsController_awardIncentive', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'QueriesController_getHistory', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'QueriesController_getPartnerTier', parameter: 'partnerId' },
  { from: 'CommandsController_registerPartner', to: 'CommandsController_issueSanction', parameter: 'partnerId' },
  { from: 'CommandsController_issueSanction', to: 'CommandsController_liftSuspension', parameter: 'partnerId' },
  { from: 'CommandsController_registerLead', to: 'CommandsController_winDeal', parameter: 'leadId' },
  { from: 'CommandsController_registerLead', to: 'CommandsController_extendLead', parameter: 'leadId' },
  { from: 'CommandsController_registerLead', to: 'CommandsController_loseLead', parameter: 'leadId' },
  { from: 'CommandsController_registerLead', to: 'QueriesController_getLead', parameter: 'leadId' },
  { from: 'CommandsController_registerPartner', to: 'CommandsController_submitClaim', parameter: 'partnerId' },
  { from: 'CommandsController_submitClaim', to: 'CommandsController_approveClaim', parameter: 'claimId' },
  { from: 'CommandsController_submitClaim', to: 'CommandsController_rejectClaim', parameter: 'claimId' },
];

export function documentLinks(document: OpenAPIObject): OpenAPIObject {
  const operations = new Map(operationsOf(document).map((operation) => [operation.operationId, operation]));
  for (const { from, to, parameter } of LINKS) {
    const created = operations.get(from)?.responses?.['201'] as { links?: Record<string, unknown> } | undefined;
    if (!created || !operations.has(to)) throw new Error(`OpenAPI link ${from} -> ${to}: no such operation`);
    created.links = { ...created.links, [to.split('_')[1]!]: { operationId: to, parameters: { [parameter]: `$response.body#/${parameter}` } } };
  }
  return document;
}

/**
 * The program rules in force, in the document: every `currency` (requests and answers) is
 * the ledger's currency, every `productLine` one of the program's lines. Zod declares them
 * as plain codes because the rules are configuration; a request with another value is
 * well formed but refused (422 CURRENCY_NOT_ACCEPTED, 422 UNKNOWN_PRODUCT_LINE).
 */
export function documentProgramRules(document: OpenAPIObject, rules: ProgramRules): OpenAPIObject {
  const enums: Record<string, { values: readonly string[]; description: string }> = {
    currency: { values: [rules.currency], description: `The ledger's currency (LEDGER_CURRENCY); another is refused with 422 CURRENCY_NOT_ACCEPTED` },
    productLine: { values: rules.productLines, description: `A product line of the program (flagship: ${rules.flagshipLine}); another is refused with 422 UNKNOWN_PRODUCT_LINE` },
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as { properties?: Record<string, Record<string, unknown>> };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const rule = enums[name];
      if (rule && property['type'] === 'string') Object.assign(property, { enum: [...rule.values], description: rule.description });
    }
    Object.values(node).forEach(visit);
  };
  visit(document.components?.schemas);
  return document;
}

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
