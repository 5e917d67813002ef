import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { EarnCertificationCommand, EarnCertificationDto } from './earn-certification.command';
import { ExpireCertificationsCommand, ExpireCertificationsDto } from './expire-certifications.command';

/** Certifications over HTTP: earned, expired (the tier follows). */
@CommandRoutes()
export class CertificationsController {
  constructor(private readonly commands: CommandBus) {}

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
}
