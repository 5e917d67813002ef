import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, ApiProblems } from '../http/api-docs';
import { FreshnessQuery, minPosition, PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { GetPartnerQuery, ListPartnersQuery } from './partner-profile.queries';
import { ListPartnersQueryDto, PartnerPageResponse, PartnerResponse } from './partner-profile.view';
import { RegisterPartnerCommand, RegisterPartnerDto } from './register-partner.command';
import { Audience, ReaderAudience } from '../auth/personal-data-access';

/** Partners over HTTP: registration, profiles. */
@ApiBearerAuth()
@Controller()
export class PartnersController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post('partners')
  @Roles('publisher')
  @ApiTags('commands')
  @ApiOperation({ summary: 'Register a partner' })
  @ApiCommand(409)
  registerPartner(@Body() body: RegisterPartnerDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterPartnerCommand(body, context));
  }

  @Get('partners')
  // Auditors and admins too: they are who may see the engineers' names (PERSONAL_DATA_ROLES).
  @Roles('analyst', 'auditor', 'admin')
  @ApiTags('queries')
  @ApiOperation({ summary: 'Partners, filtered and paginated' })
  @ApiOkResponse({ type: PartnerPageResponse })
  @ApiProblems(400, 504)
  listPartners(@Query() q: ListPartnersQueryDto, @ReaderAudience() audience: Audience) {
    return this.queries.execute(
      new ListPartnersQuery({ typology: q.typology, tier: q.tier, country: q.country }, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition), audience),
    );
  }

  @Get('partners/:partnerId')
  // Auditors and admins too: they are who may see the engineers' names (PERSONAL_DATA_ROLES).
  @Roles('analyst', 'auditor', 'admin')
  @ApiTags('queries')
  @ApiOperation({ summary: 'A partner\'s profile: tier, certified engineers per product line, counters' })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblems(400, 404, 504)
  getPartner(@Param() { partnerId }: PartnerParams, @Query() q: FreshnessQuery, @ReaderAudience() audience: Audience) {
    return this.queries.execute(new GetPartnerQuery(partnerId, minPosition(q.minPosition), audience));
  }
}
