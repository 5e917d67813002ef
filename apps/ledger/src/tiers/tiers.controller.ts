import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Audience, ReaderAudience } from '../auth/personal-data-access';
import { minPosition, PartnerParams } from '../http/dto';
import { AsOfContext, AsOfQuery } from '../as-of/as-of.query';
import { AS_OF_DESCRIPTION, AsOfQueryDto, isAsOf } from '../as-of/time-filter';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandAnswering, ApiProblems, CommandRoutes, QueryRoutes } from '../http/api-docs';
import { HttpCommandContext } from '../http/request-context';
import { PartnerRoster, SweepResult, SweepResultDto } from '../partners';
import { CommandContext } from '../write/command-context';
import { ProgramVersions } from '../write/program';
import { GetPartnerTierQuery } from './partner-tier.query';
import { PartnerTierResponse } from './partner-tier.view';
import { ReevaluateTiersCommand, ReevaluateTiersDto } from './reevaluate-tiers.command';

/** Tiers over HTTP: re-evaluation under a version of the program rules (admins). */
@CommandRoutes()
export class TiersController {
  constructor(private readonly commands: CommandBus, private readonly roster: PartnerRoster, private readonly versions: ProgramVersions) {}

  @Post('tiers/reevaluate')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: 'Re-evaluate every partner\'s tier under the program rules version in force at asOf (default now)',
    description: 'Each partner\'s stream expires what lapsed by asOf, then records a TierChanged only where the tier differs (its reason names the version, its rulesVersion is that version). Answers the partners visited, the certifications expired, the tier changes and the version. A 503 or 409 met midway leaves the partners visited before it done: run it again (it records only what still differs).',
  })
  @ApiCommandAnswering(SweepResultDto, 409)
  reevaluate(@Body() body: ReevaluateTiersDto, @HttpCommandContext() context: CommandContext): Promise<SweepResult> {
    return this.commands.execute<ReevaluateTiersCommand, SweepResult>(new ReevaluateTiersCommand(body, context, this.roster, this.versions));
  }
}

/** A partner's tier as an end customer asks it before signing. Auditors and admins too: they may see the engineers' names (PERSONAL_DATA_ROLES). */
@QueryRoutes('analyst', 'auditor', 'admin')
export class PartnerTierController {
  constructor(private readonly queries: QueryBus, private readonly versions: ProgramVersions) {}

  @Get('partners/:partnerId/tier')
  @ApiOperation({
    summary: 'A partner\'s tier: since when, by which rules version, the certified engineers and lines behind it, and the certifications expiring within 60 days that would lower it',
    description: `${AS_OF_DESCRIPTION} It is then evaluated at asOf (else knownAt), by the rules versions published by then.`,
  })
  @ApiOkResponse({ type: PartnerTierResponse })
  @ApiProblems(400, 404, 504)
  async getPartnerTier(@Param() { partnerId }: PartnerParams, @Query() q: AsOfQueryDto, @ReaderAudience() audience: Audience) {
    if (isAsOf(q)) {
      const asOf = (then: AsOfContext) => new GetPartnerTierQuery(partnerId, then.versions, then.now, {}, audience);
      return this.queries.execute(new AsOfQuery({ partnerId }, q, ['partner-activity'], asOf, new Date().toISOString(), minPosition(q.minPosition)));
    }
    const versions = await this.versions.all();
    return this.queries.execute(new GetPartnerTierQuery(partnerId, versions, new Date().toISOString(), minPosition(q.minPosition), audience));
  }
}
