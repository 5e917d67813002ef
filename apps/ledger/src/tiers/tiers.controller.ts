import { Body, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandAnswering, CommandRoutes } from '../http/api-docs';
import { HttpCommandContext } from '../http/request-context';
import { PartnerRoster, SweepResult, SweepResultDto } from '../partners';
import { CommandContext } from '../write/command-context';
import { ProgramVersions } from '../write/program';
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
    description: 'Each partner\'s stream expires what lapsed by asOf, then records a TierChanged only where the tier differs (its reason names the version, its rulesVersion is that version). Answers the partners visited, the certifications expired, the tier changes and the version.',
  })
  @ApiCommandAnswering(SweepResultDto, 409)
  reevaluate(@Body() body: ReevaluateTiersDto, @HttpCommandContext() context: CommandContext): Promise<SweepResult> {
    return this.commands.execute<ReevaluateTiersCommand, SweepResult>(new ReevaluateTiersCommand(body, context, this.roster, this.versions));
  }
}
