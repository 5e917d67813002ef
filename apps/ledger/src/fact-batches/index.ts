export type { FactMessage, FactOutcome, RecordFactsOptions } from './fact-batch';
export { FactBatches } from './fact-batches';
