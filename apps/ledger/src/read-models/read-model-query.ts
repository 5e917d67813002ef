import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { Audience } from '../auth/personal-data-access';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { Freshness } from './paging';
import { ReadModelFreshness } from './read-model-freshness';

/** Reveals sealed personal data to a reader as their audience allows (the people capability implements it). */
export interface PersonalDataReader {
  /** An event's data, its declared personal fields revealed. */
  reveal<D>(type: string, data: D, audience: Audience): Promise<D>;
  /** One value a read model holds sealed. */
  revealValue(value: string, audience: Audience): Promise<string>;
}

export const PERSONAL_DATA_READER = Symbol('PERSONAL_DATA_READER');

/** What a query reads with: the read store, the currency money is shown in, and how personal data is revealed. */
export interface QueryReads {
  store: ReadStore;
  currency: string;
  personal: PersonalDataReader;
}

/**
 * A query on the read models: it says what it answers from the reads; waiting for
 * `?minPosition` is done once, by the one handler of every such query.
 */
export abstract class ReadModelQuery<R = unknown> {
  constructor(readonly freshness: Freshness = {}) {}

  abstract answer(reads: QueryReads): Promise<R>;
}

/**
 * The one handler of read-model queries. Nest's query bus finds it for every subclass of
 * ReadModelQuery (query metadata is looked up along the prototype chain).
 */
@QueryHandler(ReadModelQuery)
export class ReadModelQueryHandler implements IQueryHandler<ReadModelQuery> {
  private readonly reads: QueryReads;

  constructor(
    @Inject(READ_STORE) store: ReadStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly freshness: ReadModelFreshness,
    @Inject(PERSONAL_DATA_READER) personal: PersonalDataReader,
  ) {
    this.reads = { store, currency: config.currency, personal };
  }

  async execute(query: ReadModelQuery): Promise<unknown> {
    await this.freshness.waitFor(query.freshness.minPosition);
    return query.answer(this.reads);
  }
}
