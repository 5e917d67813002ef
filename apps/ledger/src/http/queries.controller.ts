import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GetPartnerHistoryQuery, HistoryPageResponse, HistoryQuery } from '../history';
import { GetPartnerQuery, ListPartnersQuery, ListPartnersQueryDto, PartnerPageResponse, PartnerResponse } from '../partners';
import { GetProjectionStatusQuery, ProjectionStatusResponse } from '../projection-status';
import {
  GetScorecardQuery, ListScorecardsQuery, ListScorecardsQueryDto, ScorecardPageResponse, ScorecardParams, ScorecardResponse, ScorecardSortField,
} from '../scorecards';
import { ApiProblems } from './api-docs';
import { FreshnessQuery, PartnerParams } from './dto';

const minPosition = (value: string | undefined) => (value === undefined ? {} : { minPosition: BigInt(value) });

/** Translates HTTP reads into queries on the read models. */
@ApiTags('queries')
@ApiBearerAuth()
@Roles('analyst')
@Controller()
export class QueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners')
  @ApiOperation({ summary: 'Partners, filtered and paginated' })
  @ApiOkResponse({ type: PartnerPageResponse })
  @ApiProblems(400, 504)
  listPartners(@Query() q: ListPartnersQueryDto) {
    return this.queries.execute(
      new ListPartnersQuery({ typology: q.typology, tier: q.tier, country: q.country }, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)),
    );
  }

  @Get('partners/:partnerId')
  @ApiOperation({ summary: 'A partner\'s profile: tier, certified engineers per product line, counters' })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblems(400, 404, 504)
  getPartner(@Param() { partnerId }: PartnerParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetPartnerQuery(partnerId, minPosition(q.minPosition)));
  }

  @Get('partners/:partnerId/scorecards/:period')
  @ApiOperation({ summary: 'A partner\'s scorecard for a month (YYYY-MM, UTC)' })
  @ApiOkResponse({ type: ScorecardResponse })
  @ApiProblems(400, 404, 504)
  getScorecard(@Param() { partnerId, period }: ScorecardParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetScorecardQuery(partnerId, period, minPosition(q.minPosition)));
  }

  @Get('partners/:partnerId/history')
  @Roles('auditor')
  @ApiOperation({ summary: 'Every event of the partner and of its leads, in order, with the whole envelope' })
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiProblems(400, 404, 504)
  getHistory(@Param() { partnerId }: PartnerParams, @Query() q: HistoryQuery) {
    return this.queries.execute(new GetPartnerHistoryQuery(partnerId, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }

  @Get('scorecards')
  @ApiOperation({ summary: 'Scorecards of a month, filtered, sorted and paginated' })
  @ApiOkResponse({ type: ScorecardPageResponse })
  @ApiProblems(400, 504)
  listScorecards(@Query() q: ListScorecardsQueryDto) {
    const descending = q.sort.startsWith('-');
    const sort = { field: (descending ? q.sort.slice(1) : q.sort) as ScorecardSortField, direction: descending ? ('desc' as const) : ('asc' as const) };
    return this.queries.execute(
      new ListScorecardsQuery(q.period, { typology: q.typology, tier: q.tier, country: q.country }, sort, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)),
    );
  }

  @Get('projections')
  @Roles('analyst', 'auditor', 'admin')
  @ApiOperation({ summary: 'Each projection\'s checkpoint and lag behind the event store\'s head (in positions)' })
  @ApiOkResponse({ type: ProjectionStatusResponse })
  projections() {
    return this.queries.execute(new GetProjectionStatusQuery());
  }
}
