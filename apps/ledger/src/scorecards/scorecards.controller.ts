import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { FreshnessQuery, minPosition } from '../http/dto';
import { ScorecardSortField } from './scorecard';
import { GetScorecardQuery, ListScorecardsQuery } from './scorecard.queries';
import { ListScorecardsQueryDto, ScorecardPageResponse, ScorecardParams, ScorecardResponse } from './scorecard.view';

/** Scorecards over HTTP: a partner's month, and a month's ranking. */
@QueryRoutes('analyst')
export class ScorecardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners/:partnerId/scorecards/:period')
  @ApiOperation({ summary: 'A partner\'s scorecard for a month (YYYY-MM, UTC)' })
  @ApiOkResponse({ type: ScorecardResponse })
  @ApiProblems(400, 404, 504)
  getScorecard(@Param() { partnerId, period }: ScorecardParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetScorecardQuery(partnerId, period, minPosition(q.minPosition)));
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
}
