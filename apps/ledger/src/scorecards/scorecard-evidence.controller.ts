import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AsOfQuery } from '../as-of/as-of.query';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { minPosition } from '../http/dto';
import { evidenceMetric } from './scorecard-evidence';
import { ScorecardEvidenceQuery } from './scorecard-evidence.query';
import { ScorecardEvidenceQueryDto, ScorecardEvidenceResponse } from './scorecard-evidence.view';
import { ScorecardParams } from './scorecard.view';
import { SCORECARD_READ_MODELS } from './scorecards.controller';

/** Every number traced: the events behind a scorecard figure, for analysts and for the auditors who check them. */
@QueryRoutes('analyst', 'auditor', 'admin')
export class ScorecardEvidenceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partners/:partnerId/scorecards/:period/evidence')
  @ApiOperation({
    summary: 'The events that make up one figure of a partner\'s scorecard, each with what it adds and its hash; their sum equals the figure',
    description:
      'Computed from the partner\'s events in the event store, counted by the rule the scorecard is kept by (the period the fact occurred in, UTC). ' +
      'Without asOf or knownAt: the events the live read models have applied, so the figure is the one GET …/scorecards/:period shows. With them: ' +
      'the scorecard as it was, or as it was known (see that route). certifiedEngineers: the CertificationEarned of one certification held per engineer ' +
      'at the end of the period (at asOf, else knownAt, else now, while it runs). 400 UNKNOWN_METRIC for a metric the scorecard cannot be traced by.',
  })
  @ApiOkResponse({ type: ScorecardEvidenceResponse })
  @ApiProblems(400, 404, 504)
  getEvidence(@Param() { partnerId, period }: ScorecardParams, @Query() q: ScorecardEvidenceQueryDto) {
    const metric = evidenceMetric(q.metric);
    const page = { limit: q.limit, cursor: q.cursor };
    const evidence = new AsOfQuery({ partnerId }, q, SCORECARD_READ_MODELS, (then) => new ScorecardEvidenceQuery(partnerId, period, metric, page, then.events, then.now), new Date().toISOString(), minPosition(q.minPosition));
    return this.queries.execute(evidence);
  }
}
