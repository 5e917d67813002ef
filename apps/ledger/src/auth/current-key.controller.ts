import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ROLES } from '../config/api-keys';
import { ApiProblems } from '../http/api-docs';
import { nullableText } from '../contracts/fields';
import { AccessDeniedError, presentedKey } from './api-key.guard';
import { authenticate } from './api-keys';
import { Public } from './roles.decorator';

export class CurrentKeyResponse extends createZodDto(
  z.object({
    open: z.boolean().describe('true when no API keys are configured (development): anyone who reaches the ledger may do anything'),
    name: nullableText('the key\'s name; null without a key, or in an open ledger'),
    roles: z.array(z.enum(ROLES)).describe('what the key may do: none without a key, every role in an open ledger'),
  }),
) {}

/**
 * Lets any client check the key it holds, and what it may do, before it acts (never the
 * secret). Asking without a key is no mistake (the answer: no roles); an unknown key is 401.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('auth')
export class CurrentKeyController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Get('key')
  @Public()
  @ApiOperation({ summary: 'The API key this request presents: its name and roles (no roles without a key; 401 for an unknown key)' })
  @ApiOkResponse({ type: CurrentKeyResponse })
  @ApiProblems()
  current(@Req() request: Request): CurrentKeyResponse {
    const keys = this.config.auth.keys;
    if (keys.length === 0) return { open: true, name: null, roles: [...ROLES] };
    const presented = presentedKey(request);
    if (presented === undefined) return { open: false, name: null, roles: [] };
    const key = authenticate(keys, presented);
    if (!key) throw new AccessDeniedError(401, 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key> or X-API-Key)');
    return { open: false, name: key.name, roles: [...key.roles] };
  }
}
