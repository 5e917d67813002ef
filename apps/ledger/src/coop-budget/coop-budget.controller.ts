import { Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { FreshnessQuery, minPosition, PartnerParams } from '../http/dto';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CoopReactorService } from '../coop';
import { PositionNotReachedError, ReadModelNotReadyError } from '../read-models';
import { Freshness } from '../read-models/paging';
import { CoopRoiQuery, GetCoopAccountQuery, ListCoopClaimsQuery } from './coop-budget.queries';
import { CoopAccountResponse, CoopClaimPageResponse, CoopRoiQueryDto, CoopRoiResponse, ListCoopClaimsQueryDto } from './coop-budget.view';

const RETURNS =
  'spend: the approved claims; leadsAttributed, dealsWon, revenueWon: the leads that named a claim (coopClaimId), their deals won and revenue net of ' +
  'reversals; roi = revenueWon ÷ spend, a ratio with two decimals half up, null without spend. Rejected claims count for nothing; a pending claim\'s ' +
  'leads and deals count, its amount once approved.';

/** The co-op budget as its read model shows it: a partner's balance and returns, the claims, and the program-wide return. */
@QueryRoutes('analyst', 'auditor', 'admin')
export class CoopBudgetController {
  constructor(
    private readonly queries: QueryBus,
    private readonly reactor: CoopReactorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /**
   * `?minPosition=` here also waits for the co-op reactor: a win's accrual (or a reversal's
   * clawback) is recorded after it, so the budget waits until the reactor has passed the
   * position, then for the read models to reach what was recorded by then.
   */
  private async withReactions(freshness: Freshness): Promise<Freshness> {
    const position = freshness.minPosition;
    if (position === undefined) return freshness;
    const before = await this.events.headPosition();
    // A position no command was ever answered with is refused at once, as every read does.
    if (position > before) throw new PositionNotReachedError(position, before);
    if (!(await this.reactor.reactedTo(position, this.config.queryWaitMs))) throw new ReadModelNotReadyError(position, this.config.queryWaitMs);
    const head = await this.events.headPosition();
    return { minPosition: head > position ? head : position };
  }

  @Get('partners/:partnerId/coop')
  @ApiOperation({
    summary: 'A partner\'s co-op budget: granted, accrued, clawed back, claims pending, approved and rejected, what is available, and the return of each activity',
    description: `available = granted + accrued − clawedBack − approved − pending (negative once a reversal clawed back more than was left). ${RETURNS}`,
  })
  @ApiOkResponse({ type: CoopAccountResponse })
  @ApiProblems(400, 404, 504)
  async getCoopAccount(@Param() { partnerId }: PartnerParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetCoopAccountQuery(partnerId, await this.withReactions(minPosition(q.minPosition))));
  }

  @Get('coop/claims')
  @ApiOperation({
    summary: 'Co-op claims, oldest first, of a partner and a status or all (status=pending: those waiting for approval), paginated, each with what its leads brought in',
    description: '404 PARTNER_NOT_FOUND for an unknown partnerId.',
  })
  @ApiOkResponse({ type: CoopClaimPageResponse })
  @ApiProblems(400, 404, 504)
  async listCoopClaims(@Query() q: ListCoopClaimsQueryDto) {
    const position = await this.withReactions(minPosition(q.minPosition));
    return this.queries.execute(new ListCoopClaimsQuery({ partnerId: q.partnerId, status: q.status }, { limit: q.limit, cursor: q.cursor }, position));
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
  async coopRoi(@Query() q: CoopRoiQueryDto) {
    return this.queries.execute(new CoopRoiQuery(q.from, q.to, q.groupBy, await this.withReactions(minPosition(q.minPosition))));
  }
}
