import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { EarnCertificationCommand, ExpireCertificationsCommand } from '../certifications';
import { AwardIncentiveCommand } from '../incentives';
import { RegisterLeadCommand, WinDealCommand } from '../leads';
import { RegisterPartnerCommand } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ApiCommand } from './api-docs';
import {
  AwardIncentiveDto, EarnCertificationDto, ExpireCertificationsDto, LeadParams, PartnerParams, RegisterLeadDto, RegisterPartnerDto, WinDealDto,
} from './dto';
import { HttpCommandContext } from './request-context';

/** Translates HTTP requests into commands; every rule lives in the domain. */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('publisher')
@Controller()
export class CommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners')
  @ApiOperation({ summary: 'Register a partner' })
  @ApiCommand(409)
  registerPartner(@Body() body: RegisterPartnerDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterPartnerCommand(body, context));
  }

  @Post('partners/:partnerId/leads')
  @ApiOperation({ summary: 'Register a lead (first to register a customer project wins)' })
  @ApiCommand(404, 409, 422)
  registerLead(@Param() { partnerId }: PartnerParams, @Body() body: RegisterLeadDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterLeadCommand(partnerId, body, context));
  }

  @Post('leads/:leadId/won')
  @ApiOperation({ summary: 'Record that a lead\'s deal was won (once)' })
  @ApiCommand(404, 409, 422)
  winDeal(@Param() { leadId }: LeadParams, @Body() body: WinDealDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new WinDealCommand(leadId, body, context));
  }

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

  @Post('partners/:partnerId/incentives')
  @ApiOperation({ summary: 'Award an incentive to a partner\'s salesperson, pre-sales or technical staff' })
  @ApiCommand(404, 409, 422)
  awardIncentive(@Param() { partnerId }: PartnerParams, @Body() body: AwardIncentiveDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new AwardIncentiveCommand(partnerId, body, context));
  }
}
