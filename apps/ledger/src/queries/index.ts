import { GetPartnerHandler, GetPartnerHistoryHandler, ListPartnersHandler } from './partner-queries';
import { GetProjectionStatusHandler } from './projection-status-query';
import { GetScorecardHandler, ListScorecardsHandler } from './scorecard-queries';

export * from './partner-queries';
export * from './projection-status-query';
export * from './scorecard-queries';
export * from './read-model-freshness';

export const QUERY_HANDLERS = [
  GetPartnerHandler,
  ListPartnersHandler,
  GetPartnerHistoryHandler,
  GetScorecardHandler,
  ListScorecardsHandler,
  GetProjectionStatusHandler,
];
