import { auditTreeProjection } from '../audit-tree';
import { auditEventsProjection } from '../audit-search';
import { challengesProjection } from '../challenges';
import { coopBudgetProjection } from '../coop-budget';
import { leadsProjection } from '../leads';
import { marginsProjection } from '../margins';
import { objectivesProjection } from '../objectives';
import { partnerActivityProjection } from './partner-activity.projection';

/** Every projection the ledger keeps (their names are their checkpoints': never renamed). */
export const LEDGER_PROJECTIONS = [
  partnerActivityProjection, leadsProjection, objectivesProjection, challengesProjection, marginsProjection, coopBudgetProjection,
  auditTreeProjection,
  auditEventsProjection,
];
