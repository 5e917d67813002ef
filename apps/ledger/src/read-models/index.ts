import { GetProjectionStatusHandler } from '../projection-status';
import { ReadModelQueryHandler } from './read-model-query';

export * from './ledger-projections';
export * from './read-model-freshness';

/** The query handlers: one for every read-model query, and the projection status's own. */
export const QUERY_HANDLERS = [ReadModelQueryHandler, GetProjectionStatusHandler];
