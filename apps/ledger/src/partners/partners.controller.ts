import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, ApiProblems } from '../http/api-docs';
import { minPosition, PartnerParams } from '../http/dto';
import { AsOfQuery } from '../as-of/as-of.query';
import { AS_OF_DESCRIPTION, AsOfQueryDto, isAsOf } from '../as-of/time-filter';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { GetPartnerQuery, ListPartnersQuery } from './partner-profile.queries';
import { ListPartnersQueryDto, PartnerPageResponse, PartnerResponse } from './partner-profile.view';
import { RegisterPartnerCommand, RegisterPartnerDto } from './register-partner.command';
import { Audience, ReaderAudience } from '../auth/personal-data-access';
import { ProgramVersions } from '../write/program';
import { PartnersAtRiskQuery } from './partners-at-risk.queries';
import { PartnersAtRiskQueryDto, PartnersAtRiskResponse } from './partners-at-risk.view';

/** Partners over HTTP: registration, profiles. */
@ApiBearerAuth()
@Controller()
export class PartnersController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus, private readonly versions: ProgramVersions) {}

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

  // Declared before partners/:partnerId, which would take "at-risk" for a partner's id.
  @Get('partners/at-risk')
  @Roles('analyst', 'auditor', 'admin')
  @ApiTags('queries')
  @ApiOperation({
    summary: 'Partners at risk: quiet for `days` days at asOf, the quietest first; and tiers that expiring certifications would lower within 60 days',
    description:
      'Activity is a lead registered, a deal won, a certification earned or an engagement (the registration until then). The read model knows each partner\'s ' +
      'latest activity only: with asOf in the past, a partner active since asOf is not listed, though it was quiet then; tierAtRisk is judged on the ' +
      'certifications held now.',
  })
  @ApiOkResponse({ type: PartnersAtRiskResponse })
  @ApiProblems(400, 504)
  async partnersAtRisk(@Query() q: PartnersAtRiskQueryDto) {
    const versions = await this.versions.all();
    return this.queries.execute(
      new PartnersAtRiskQuery(q.asOf ?? new Date().toISOString(), q.days, versions, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)),
    );
  }

  @Get('partners/:partnerId')
  // Auditors and admins too: they are who may see the engineers' names (PERSONAL_DATA_ROLES).
  @Roles('analyst', 'auditor', 'admin')
  @ApiTags('queries')
  @ApiOperation({
    summary: 'A partner\'s profile: tier, certified engineers per product line, counters',
    description: AS_OF_DESCRIPTION,
  })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblems(400, 404, 504)
  getPartner(@Param() { partnerId }: PartnerParams, @Query() q: AsOfQueryDto, @ReaderAudience() audience: Audience) {
    if (isAsOf(q)) {
      return this.queries.execute(new AsOfQuery({ partnerId }, q, ['partner-activity'], () => new GetPartnerQuery(partnerId, {}, audience), new Date().toISOString(), minPosition(q.minPosition)));
    }
    return this.queries.execute(new GetPartnerQuery(partnerId, minPosition(q.minPosition), audience));
  }
}
