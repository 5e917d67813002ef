import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { IssueSanctionCommand, IssueSanctionDto } from './issue-sanction.command';
import { LiftSuspensionCommand, LiftSuspensionDto } from './lift-suspension.command';

/** Loyalty cards over HTTP: an admin's decisions. */
@CommandRoutes()
export class SanctionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/sanctions')
  @Roles('admin')
  @ApiOperation({
    summary: 'Record a loyalty offence: a yellow card, or a red card when the partner holds a yellow card issued within the loyalty window',
    description:
      'The window (loyaltyWindowDays) is the one of the program rules in force at the offence (occurredAt). A red card spends the yellow card and suspends lead ' +
      'registration for redCardSuspensionDays: the answer names the card and, for a red card, suspendedUntil.',
  })
  @ApiCommand(404, 409)
  issueSanction(@Param() { partnerId }: PartnerParams, @Body() body: IssueSanctionDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new IssueSanctionCommand(partnerId, body, context));
  }

  @Post('partners/:partnerId/sanctions/lift')
  @Roles('admin')
  @ApiOperation({
    summary: 'End a red card\'s suspension early; the partner may register leads again from occurredAt',
    description: '409 PARTNER_NOT_SUSPENDED when the partner is not suspended at occurredAt.',
  })
  @ApiCommand(404, 409)
  liftSuspension(@Param() { partnerId }: PartnerParams, @Body() body: LiftSuspensionDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new LiftSuspensionCommand(partnerId, body, context));
  }
}
