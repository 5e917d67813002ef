import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { LeadParams, PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { RegisterLeadCommand, RegisterLeadDto } from './register-lead.command';
import { WinDealCommand, WinDealDto } from './win-deal.command';

/** Leads over HTTP: registration (first to register wins), deals won. */
@CommandRoutes()
export class LeadsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/leads')
  @ApiOperation({
    summary: 'Register a lead (first to register a customer project wins)',
    description: '422 PARTNER_SUSPENDED, with suspendedUntil, when a red card suspends the partner at occurredAt (until then, or until the suspension is lifted).',
  })
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
}
