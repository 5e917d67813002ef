import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, ApiCommandAnswering, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { EarnCertificationCommand, EarnCertificationDto } from './earn-certification.command';
import { ExpireCertificationsCommand, ExpireCertificationsDto } from './expire-certifications.command';
import { ExpireDueCertificationsCommand, ExpireDueCertificationsDto } from './expire-due-certifications.command';
import { PartnerRoster, SweepResult, SweepResultDto } from '../partners';

/** Certifications over HTTP: earned, expired (the tier follows). */
@CommandRoutes()
export class CertificationsController {
  constructor(private readonly commands: CommandBus, private readonly roster: PartnerRoster) {}

  @Post('partners/:partnerId/certifications')
  @ApiOperation({ summary: 'Record a certification earned by one of the partner\'s engineers (the tier follows)' })
  @ApiCommand(404, 409, 422)
  earnCertification(@Param() { partnerId }: PartnerParams, @Body() body: EarnCertificationDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new EarnCertificationCommand(partnerId, body, context));
  }

  @Post('partners/:partnerId/certifications/expire')
  @HttpCode(201)
  @ApiOperation({ summary: 'Expire the certifications that have lapsed by asOf (default now); the tier follows' })
  @ApiCommand(404, 409)
  expireCertifications(@Param() { partnerId }: PartnerParams, @Body() body: ExpireCertificationsDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ExpireCertificationsCommand(partnerId, body, context));
  }

  @Post('certifications/expire-due')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: 'Expire every partner\'s certifications that have lapsed by asOf (default now); the tiers follow',
    description: 'Visits every partner the partners read model lists; each partner\'s own stream decides what lapsed. Answers how many partners were visited, how many certifications expired and every tier change. Running it again records only what is still due; so does a 503 or 409 met midway, which leaves the partners visited before it done (unlike other commands, a sweep is not all or nothing).',
  })
  @ApiCommandAnswering(SweepResultDto, 409)
  expireDueCertifications(@Body() body: ExpireDueCertificationsDto, @HttpCommandContext() context: CommandContext): Promise<SweepResult> {
    return this.commands.execute<ExpireDueCertificationsCommand, SweepResult>(new ExpireDueCertificationsCommand(body, context, this.roster));
  }
}
