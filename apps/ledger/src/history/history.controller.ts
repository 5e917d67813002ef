import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { minPosition, PartnerParams } from '../http/dto';
import { GetPartnerHistoryQuery } from './history.queries';
import { Audience, ReaderAudience } from '../auth/personal-data-access';
import { HistoryPageResponse, HistoryQuery } from './history.view';

/** A partner's history over HTTP, for auditors. */
@QueryRoutes()
export class HistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners/:partnerId/history')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Every event of the partner and of its leads, in order, with the whole envelope' })
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiProblems(400, 404, 504)
  getHistory(@Param() { partnerId }: PartnerParams, @Query() q: HistoryQuery, @ReaderAudience() audience: Audience) {
    return this.queries.execute(new GetPartnerHistoryQuery(partnerId, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition), audience));
  }
}
