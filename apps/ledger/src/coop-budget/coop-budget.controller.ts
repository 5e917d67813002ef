import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { FreshnessQuery, minPosition, PartnerParams } from '../http/dto';
import { CoopRoiQuery, GetCoopAccountQuery, ListCoopClaimsQuery } from './coop-budget.queries';
import { CoopAccountResponse, CoopClaimPageResponse, CoopRoiQueryDto, CoopRoiResponse, ListCoopClaimsQueryDto } from './coop-budget.view';

const RETURNS =
  'spend: the approved claims; leadsAttributed, dealsWon, revenueWon: the leads that named a claim (coopClaimId), their deals won and revenue net of ' +
  'reversals; roi = revenueWon ÷ spend, a ratio with two decimals half up, null without spend. Rejected claims count for nothing; a pending claim\'s ' +
  'leads and deals count, its amount once approved.';

/** The co-op budget as its read model shows it: a partner's balance and returns, the claims, and the program-wide return. */
@QueryRoutes('analyst', 'auditor', 'admin')
export class CoopBudgetController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners/:partnerId/coop')
  @ApiOperation({
    summary: 'A partner\'s co-op budget: granted, accrued, clawed back, claims pending, approved and rejected, what is available, and the return of each activity',
    description: `available = granted + accrued − clawedBack − approved − pending (negative once a reversal clawed back more than was left). ${RETURNS}`,
  })
  @ApiOkResponse({ type: CoopAccountResponse })
  @ApiProblems(400, 404, 504)
  getCoopAccount(@Param() { partnerId }: PartnerParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetCoopAccountQuery(partnerId, minPosition(q.minPosition)));
  }

  @Get('coop/claims')
  @ApiOperation({
    summary: 'Co-op claims, oldest first, of a partner and a status or all (status=pending: those waiting for approval), paginated, each with what its leads brought in',
    description: '404 PARTNER_NOT_FOUND for an unknown partnerId.',
  })
  @ApiOkResponse({ type: CoopClaimPageResponse })
  @ApiProblems(400, 404, 504)
  listCoopClaims(@Query() q: ListCoopClaimsQueryDto) {
    return this.queries.execute(new ListCoopClaimsQuery({ partnerId: q.partnerId, status: q.status }, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }

  @Get('coop/roi')
  @ApiOperation({
    summary: 'The program\'s co-op return: the claims submitted in [from, to) summed by activity, typology or tier',
    description:
      'A claim counts in the window by its occurredAt (when submitted), under the typology and tier its partner had then; its leads and deals count with it ' +
      `whenever they happened. ${RETURNS}`,
  })
  @ApiOkResponse({ type: CoopRoiResponse })
  @ApiProblems(400, 504)
  coopRoi(@Query() q: CoopRoiQueryDto) {
    return this.queries.execute(new CoopRoiQuery(q.from, q.to, q.groupBy, minPosition(q.minPosition)));
  }
}
