import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { minPosition } from '../http/dto';
import { AsOfQuery } from '../as-of/as-of.query';
import { AS_OF_DESCRIPTION, AsOfQueryDto, isAsOf } from '../as-of/time-filter';
import { RollupScorecardsQuery } from './scorecard-rollup';
import { GetScorecardQuery, ListScorecardsQuery, ScorecardSort } from './scorecard.queries';
import { ListScorecardsQueryDto, ScorecardPageResponse, ScorecardParams, ScorecardResponse, ScorecardRollupQueryDto, ScorecardRollupResponse } from './scorecard.view';

const ATTAINMENT =
  'targets: the partner\'s own for a metric, else its typology\'s, for this very period (a quarter\'s or year\'s target is never split into months). ' +
  'attainment: actual ÷ target as a percent with one decimal, half up; null without a target. certifiedEngineers: distinct engineers holding a valid ' +
  'certification at the end of the period (now, while it runs).';

/** The projections a partner's scorecard is read from: its counters, and the targets in force. */
export const SCORECARD_READ_MODELS = ['partner-activity', 'objectives'];

/** Scorecards over HTTP: a partner's period, a period's ranking, and its roll-up. The clock (now) is read here, at the edge. */
@QueryRoutes('analyst')
export class ScorecardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners/:partnerId/scorecards/:period')
  @ApiOperation({
    summary: 'A partner\'s scorecard for a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY), UTC, with its targets and attainment',
    description: `${ATTAINMENT} ${AS_OF_DESCRIPTION} The targets are then those set by then; certifiedEngineers is counted at asOf (else knownAt) for a period still running then.`,
  })
  @ApiOkResponse({ type: ScorecardResponse })
  @ApiProblems(400, 404, 504)
  getScorecard(@Param() { partnerId, period }: ScorecardParams, @Query() q: AsOfQueryDto) {
    const now = new Date().toISOString();
    if (isAsOf(q)) {
      return this.queries.execute(new AsOfQuery({ partnerId }, q, SCORECARD_READ_MODELS, (then) => new GetScorecardQuery(partnerId, period, then.now), now, minPosition(q.minPosition)));
    }
    return this.queries.execute(new GetScorecardQuery(partnerId, period, now, minPosition(q.minPosition)));
  }

  @Get('scorecards')
  @ApiOperation({ summary: 'Scorecards of a month, quarter or year, filtered, sorted (by a counter or an attainment) and paginated', description: ATTAINMENT })
  @ApiOkResponse({ type: ScorecardPageResponse })
  @ApiProblems(400, 504)
  listScorecards(@Query() q: ListScorecardsQueryDto) {
    const descending = q.sort.startsWith('-');
    const sort = { field: (descending ? q.sort.slice(1) : q.sort) as ScorecardSort['field'], direction: descending ? ('desc' as const) : ('asc' as const) };
    const filter = { typology: q.typology, tier: q.tier, country: q.country, region: q.region };
    return this.queries.execute(new ListScorecardsQuery(q.period, filter, sort, { limit: q.limit, cursor: q.cursor }, new Date().toISOString(), minPosition(q.minPosition)));
  }

  @Get('scorecards/rollup')
  @ApiOperation({
    summary: 'A period\'s scorecards summed by typology, tier, country or region: partners, counters, targets, attainment of the sums, share at or above 100%',
    description: 'A partner counts in the group its scorecard names: as it stood when the period\'s last fact was recorded. Money is summed exactly. ' + ATTAINMENT,
  })
  @ApiOkResponse({ type: ScorecardRollupResponse })
  @ApiProblems(400, 504)
  rollupScorecards(@Query() q: ScorecardRollupQueryDto) {
    return this.queries.execute(new RollupScorecardsQuery(q.period, q.groupBy, new Date().toISOString(), minPosition(q.minPosition)));
  }
}
