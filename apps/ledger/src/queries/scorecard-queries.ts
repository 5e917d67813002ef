import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { emptyCounters, SCORECARDS, Scorecard, ScorecardSortField } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { Freshness, PageRequest, presentFilter, requirePartner } from './partner-queries';
import { ReadModelFreshness } from './read-model-freshness';
import { scorecardView } from './views';

export class GetScorecardQuery {
  constructor(readonly partnerId: string, readonly period: string, readonly freshness: Freshness = {}) {}
}

export class ListScorecardsQuery {
  constructor(
    readonly period: string,
    readonly filter: { typology?: string; tier?: string; country?: string },
    readonly sort: { field: ScorecardSortField; direction: 'asc' | 'desc' },
    readonly page: PageRequest,
    readonly freshness: Freshness = {},
  ) {}
}

@QueryHandler(GetScorecardQuery)
export class GetScorecardHandler implements IQueryHandler<GetScorecardQuery> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly freshness: ReadModelFreshness,
  ) {}

  /** A registered partner with no activity in the month has a scorecard of zeros. */
  async execute({ partnerId, period, freshness }: GetScorecardQuery) {
    await this.freshness.waitFor(freshness.minPosition);
    const partner = await requirePartner(this.store, partnerId);
    const found = await this.store.get<Scorecard>(SCORECARDS, `${partnerId}:${period}`);
    const scorecard: Scorecard = found?.doc ?? {
      scorecardId: `${partnerId}:${period}`, partnerId, period, typology: partner.typology, country: partner.country, tier: partner.tier, ...emptyCounters(),
    };
    return scorecardView(scorecard, this.config.currency);
  }
}

@QueryHandler(ListScorecardsQuery)
export class ListScorecardsHandler implements IQueryHandler<ListScorecardsQuery> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ period, filter, sort, page, freshness }: ListScorecardsQuery) {
    await this.freshness.waitFor(freshness.minPosition);
    const found = await this.store.find<Scorecard>(SCORECARDS, {
      filter: { period, ...presentFilter(filter) },
      sort,
      limit: page.limit,
      cursor: page.cursor,
    });
    return { items: found.items.map((s) => scorecardView(s, this.config.currency)), nextCursor: found.nextCursor };
  }
}
