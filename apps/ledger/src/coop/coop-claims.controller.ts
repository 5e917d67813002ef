import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { identifier } from '../contracts/fields';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { PartnerParams } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ApproveCoopClaimCommand, ApproveCoopClaimDto, RejectCoopClaimCommand, RejectCoopClaimDto } from './decide-coop-claim.command';
import { SubmitCoopClaimCommand, SubmitCoopClaimDto } from './submit-coop-claim.command';

export class CoopClaimParams extends createZodDto(z.strictObject({ claimId: identifier })) {}

const BALANCE = 'available = granted + accrued − clawed back − approved − pending';

/** Co-op claims over HTTP: a publisher submits them, an admin approves or rejects them. */
@CommandRoutes()
export class CoopClaimsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('partners/:partnerId/coop/claims')
  @ApiOperation({
    summary: 'Submit a claim on the partner\'s co-op budget for a marketing activity; it holds its amount until approved or rejected',
    description:
      `422 COOP_BALANCE_EXCEEDED when the amount is above the partner's available balance (${BALANCE}), with \`available\`, \`requested\` and \`currency\`. ` +
      '409 COOP_CLAIM_ID_TAKEN when another partner\'s claim has this claimId (or this partner already has a claim with it).',
  })
  @ApiCommand(404, 409, 422)
  submitClaim(@Param() { partnerId }: PartnerParams, @Body() body: SubmitCoopClaimDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new SubmitCoopClaimCommand(partnerId, body, context));
  }

  @Post('coop/claims/:claimId/approve')
  @Roles('admin')
  @ApiOperation({
    summary: 'Approve a pending co-op claim: its amount is spent',
    description:
      '404 COOP_CLAIM_NOT_FOUND (no such claim), 409 COOP_CLAIM_NOT_PENDING (already approved or rejected), ' +
      `422 COOP_BALANCE_EXCEEDED when the balance no longer covers it (a clawback since), with \`available\`, \`requested\` and \`currency\`.`,
  })
  @ApiCommand(404, 409, 422)
  approveClaim(@Param() { claimId }: CoopClaimParams, @Body() body: ApproveCoopClaimDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ApproveCoopClaimCommand(claimId, body, context));
  }

  @Post('coop/claims/:claimId/reject')
  @Roles('admin')
  @ApiOperation({
    summary: 'Reject a pending co-op claim: its amount is released to the balance',
    description: '404 COOP_CLAIM_NOT_FOUND (no such claim), 409 COOP_CLAIM_NOT_PENDING (already approved or rejected).',
  })
  @ApiCommand(404, 409)
  rejectClaim(@Param() { claimId }: CoopClaimParams, @Body() body: RejectCoopClaimDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RejectCoopClaimCommand(claimId, body, context));
  }
}
