import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeysResponse } from './responses';
import { Roles } from '../auth/roles.decorator';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ApiProblems } from './api-docs';

/** Administration: which keys exist and what they may do (never their secrets). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Get('keys')
  @ApiOperation({ summary: 'The configured API keys: names and roles' })
  @ApiOkResponse({ type: ApiKeysResponse })
  @ApiProblems()
  keys() {
    return { items: this.config.auth.keys.map(({ name, roles }) => ({ name, roles })) };
  }
}
