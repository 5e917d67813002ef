import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { AwardIncentiveCommand, AwardIncentiveDto } from './award-incentive.command';

/** Incentives over HTTP. */
@CommandRoutes()
export class IncentivesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/incentives')
  @ApiOperation({
    summary: 'Award an incentive to a partner\'s salesperson, pre-sales or technical staff',
    description:
      'An incentive that names a challengeId is awarded in that challenge, as its terms allow: 404 CHALLENGE_NOT_FOUND (no such challenge), ' +
      '422 ROLE_NOT_ELIGIBLE (the recipient\'s role is not one of its eligibleRoles), 422 PARTNER_NOT_ELIGIBLE (the partner\'s typology is not one of its typologies), ' +
      '422 OUTSIDE_CHALLENGE (occurredAt is not within its [from, to)).',
  })
  @ApiCommand(404, 409, 422)
  awardIncentive(@Param() { partnerId }: PartnerParams, @Body() body: AwardIncentiveDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new AwardIncentiveCommand(partnerId, body, context));
  }
}
