import { ProgramRules } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { Freshness } from '../read-models/paging';
import { ReadModelQuery } from '../read-models/read-model-query';
import { TimeFilter } from './time-filter';

/** Whose events an answer is computed from: a partner's (its stream, its leads', the rules and targets it is judged by), or one lead's. */
export type AsOfScope = { partnerId: string } | { leadId: string };

/** What the query answered as of a time is given: the rules versions known then, the instant it is evaluated at, and the events kept. */
export interface AsOfContext {
  versions: readonly ProgramRules[];
  now: string;
  events: readonly RecordedEvent[];
}

/**
 * A read-model query answered as it would have been at a time: the scope's events the filter
 * keeps are projected, by the live projections named, into a scratch read store, and the
 * query (the very one the live route runs) answers from it. `now` is the edge's clock: the
 * answer is evaluated at asOf, else knownAt, else now.
 */
export class AsOfQuery {
  constructor(
    readonly scope: AsOfScope,
    readonly filter: TimeFilter,
    readonly projections: readonly string[],
    readonly query: (context: AsOfContext) => ReadModelQuery,
    readonly now: string,
    readonly freshness: Freshness = {},
  ) {}
}
