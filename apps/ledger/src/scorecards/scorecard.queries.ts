import { requirePartner } from '../partners';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { emptyScorecard, SCORECARDS, Scorecard, scorecardId, ScorecardSortField } from './scorecard';
import { scorecardView } from './scorecard.view';

export class GetScorecardQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, readonly period: string, freshness: Freshness = {}) {
    super(freshness);
  }

  /** A registered partner with no activity in the month has a scorecard of zeros. */
  async answer({ store, currency }: QueryReads) {
    const partner = await requirePartner(store, this.partnerId);
    const found = await store.get<Scorecard>(SCORECARDS, scorecardId(this.partnerId, this.period));
    return scorecardView(found?.doc ?? emptyScorecard(partner, this.period), currency);
  }
}

export class ListScorecardsQuery extends ReadModelQuery {
  constructor(
    readonly period: string,
    readonly filter: { typology?: string; tier?: string; country?: string },
    readonly sort: { field: ScorecardSortField; direction: 'asc' | 'desc' },
    readonly page: PageRequest,
    freshness: Freshness = {},
  ) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const { period, filter, sort, page } = this;
    const found = await store.find<Scorecard>(SCORECARDS, { filter: { period, ...presentFilter(filter) }, sort, limit: page.limit, cursor: page.cursor });
    return { items: found.items.map((s) => scorecardView(s, currency)), nextCursor: found.nextCursor };
  }
}
