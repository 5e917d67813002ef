import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, ApiCommandAnswering, ApiProblems, CommandRoutes, QueryRoutes } from '../http/api-docs';
import { LeadParams, minPosition, PartnerParams } from '../http/dto';
import { AsOfQuery } from '../as-of/as-of.query';
import { AS_OF_DESCRIPTION, AsOfQueryDto, isAsOf } from '../as-of/time-filter';
import { HttpCommandContext } from '../http/request-context';
import { MethodNotAllowedError } from '../http/method-not-allowed';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ExpireDueLeadsAnswer, ExpireDueLeadsCommand, ExpireDueLeadsDto, ExpireDueLeadsResponse } from './expire-due-leads.command';
import { ExtendLeadCommand, ExtendLeadDto } from './extend-lead.command';
import { GetLeadQuery, ListPartnerLeadsQuery } from './lead-register.queries';
import { LeadPageResponse, LeadResponse, ListPartnerLeadsQueryDto } from './lead-register.view';
import { LoseLeadCommand, LoseLeadDto } from './lose-lead.command';
import { ReverseDealCommand, ReverseDealDto, ReverseDealResultDto } from './reverse-deal.command';
import { RegisterLeadCommand, RegisterLeadDto } from './register-lead.command';
import { WinDealCommand, WinDealDto } from './win-deal.command';

/** Leads over HTTP: registration (first to register wins), extension, deals won, leads lost, expiry. */
@CommandRoutes()
export class LeadsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/leads')
  @ApiOperation({
    summary: 'Register a lead (first to register a customer project wins; protected for leadProtectionDays)',
    description: '422 PARTNER_SUSPENDED, with suspendedUntil, when a red card suspends the partner at occurredAt (until then, or until the suspension is lifted).',
  })
  @ApiCommand(404, 409, 422)
  registerLead(@Param() { partnerId }: PartnerParams, @Body() body: RegisterLeadDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterLeadCommand(partnerId, body, context));
  }

  @Post('leads/:leadId/won')
  @ApiOperation({ summary: 'Record that a lead\'s deal was won (once; not a lost or expired lead)' })
  @ApiCommand(404, 409, 422)
  winDeal(@Param() { leadId }: LeadParams, @Body() body: WinDealDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new WinDealCommand(leadId, body, context));
  }

  @Post('leads/:leadId/extend')
  @ApiOperation({ summary: 'Extend an open lead\'s protection by leadExtensionDays (at most maxLeadExtensions times)' })
  @ApiCommand(404, 409, 422)
  extendLead(@Param() { leadId }: LeadParams, @Body() body: ExtendLeadDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ExtendLeadCommand(leadId, body, context));
  }

  @Post('leads/:leadId/lost')
  @ApiOperation({ summary: 'Record that an open lead was lost: its customer project is free for the next registration' })
  @ApiCommand(404, 409)
  loseLead(@Param() { leadId }: LeadParams, @Body() body: LoseLeadDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new LoseLeadCommand(leadId, body, context));
  }

  @Post('leads/:leadId/reversal')
  @ApiOperation({
    summary: 'Reverse a won deal, whole or in part (DealReversed): counted in the period it occurred in; the co-op accrual is clawed back in proportion',
    description:
      'amount defaults to all that remains. 409 DEAL_NOT_WON when the lead is not won; 409 REVERSAL_ID_TAKEN when the reversalId was recorded before; ' +
      '422 REVERSAL_EXCEEDS_DEAL, with won, reversed and remaining, when the reversals would add up to more than the deal. Nothing is updated or deleted: the win stays, the reversal is a new fact.',
  })
  @ApiCommandAnswering(ReverseDealResultDto, 404, 409, 422)
  reverseDeal(@Param() { leadId }: LeadParams, @Body() body: ReverseDealDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ReverseDealCommand(leadId, body, context));
  }

  @Post('leads/expire-due')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Expire every open lead whose protection ran out by asOf (default now), freeing their customer projects; answers how many' })
  // Above ApiCommand: its answer is not one stream's append.
  @ApiCreatedResponse({ description: 'The leads expired (none, if none was due)', type: ExpireDueLeadsResponse })
  @ApiCommand()
  expireDue(@Body() body: ExpireDueLeadsDto, @HttpCommandContext() context: CommandContext): Promise<ExpireDueLeadsAnswer> {
    return this.commands.execute(new ExpireDueLeadsCommand(body, context));
  }
}

/** Leads as the `leads` read model shows them. */
@QueryRoutes('publisher', 'analyst', 'auditor', 'admin')
export class LeadQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('leads/:leadId')
  @ApiOperation({ summary: 'A lead: status (open, won, lost, expired), holder, customer, project, protectedUntil, extensions, rulesVersion', description: AS_OF_DESCRIPTION })
  @ApiOkResponse({ type: LeadResponse })
  @ApiProblems(400, 404, 504)
  getLead(@Param() { leadId }: LeadParams, @Query() q: AsOfQueryDto) {
    // `/leads/expire-due` is the POST route's path, not a lead's.
    if (leadId === 'expire-due') throw new MethodNotAllowedError('GET', ['POST', 'OPTIONS']);
    if (isAsOf(q)) return this.queries.execute(new AsOfQuery({ leadId }, q, ['leads'], () => new GetLeadQuery(leadId), new Date().toISOString(), minPosition(q.minPosition)));
    return this.queries.execute(new GetLeadQuery(leadId, minPosition(q.minPosition)));
  }

  @Get('partners/:partnerId/leads')
  @ApiOperation({ summary: 'A partner\'s leads, by status, paginated' })
  @ApiOkResponse({ type: LeadPageResponse })
  @ApiProblems(400, 404, 504)
  listPartnerLeads(@Param() { partnerId }: PartnerParams, @Query() q: ListPartnerLeadsQueryDto) {
    return this.queries.execute(new ListPartnerLeadsQuery(partnerId, q.status, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }
}
