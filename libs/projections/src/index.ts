export * from './projection';
export * from './runner/checkpointed-processor';
export * from './runner/projection-runner';
export * from './runner/rebuild';
export * from './partner-activity/read-models';
export * from './partner-activity/partner-activity.projection';
export * from './partner-history/partner-history.projection';

import { partnerActivityProjection } from './partner-activity/partner-activity.projection';
import { partnerHistoryProjection } from './partner-history/partner-history.projection';

/** Every projection the ledger keeps. */
export const LEDGER_PROJECTIONS = [partnerActivityProjection, partnerHistoryProjection];
export * from './verification/compare-read-models';
