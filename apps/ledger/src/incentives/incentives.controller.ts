import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { AwardIncentiveCommand, AwardIncentiveDto } from './award-incentive.command';

/** Incentives over HTTP. */
@ApiTags('commands')
@ApiBearerAuth()
@Roles('publisher')
@Controller()
export class IncentivesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/incentives')
  @ApiOperation({ summary: 'Award an incentive to a partner\'s salesperson, pre-sales or technical staff' })
  @ApiCommand(404, 409, 422)
  awardIncentive(@Param() { partnerId }: PartnerParams, @Body() body: AwardIncentiveDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new AwardIncentiveCommand(partnerId, body, context));
  }
}
