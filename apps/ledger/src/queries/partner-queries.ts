import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { refuse } from '@ledger/domain';
import { HISTORY, HistoryEntry, PARTNERS, PartnerProfile } from '@ledger/projections';
import { Filter, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ReadModelFreshness } from './read-model-freshness';
import { historyView, partnerView } from './views';

export interface Freshness {
  minPosition?: bigint;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export class GetPartnerQuery {
  constructor(readonly partnerId: string, readonly freshness: Freshness = {}) {}
}

export class ListPartnersQuery {
  constructor(
    readonly filter: { typology?: string; tier?: string; country?: string },
    readonly page: PageRequest,
    readonly freshness: Freshness = {},
  ) {}
}

export class GetPartnerHistoryQuery {
  constructor(readonly partnerId: string, readonly page: PageRequest, readonly freshness: Freshness = {}) {}
}

/** Drops filters the client left out. */
export function presentFilter(filter: Record<string, string | undefined>): Filter {
  return Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export async function requirePartner(store: ReadStore, partnerId: string): Promise<PartnerProfile> {
  const found = await store.get<PartnerProfile>(PARTNERS, partnerId);
  if (!found) throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId });
  return found.doc;
}

@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ partnerId, freshness }: GetPartnerQuery) {
    await this.freshness.waitFor(freshness.minPosition);
    return partnerView(await requirePartner(this.store, partnerId), this.config.currency);
  }
}

@QueryHandler(ListPartnersQuery)
export class ListPartnersHandler implements IQueryHandler<ListPartnersQuery> {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ filter, page, freshness }: ListPartnersQuery) {
    await this.freshness.waitFor(freshness.minPosition);
    const found = await this.store.find<PartnerProfile>(PARTNERS, { filter: presentFilter(filter), limit: page.limit, cursor: page.cursor });
    return { items: found.items.map((p) => partnerView(p, this.config.currency)), nextCursor: found.nextCursor };
  }
}

@QueryHandler(GetPartnerHistoryQuery)
export class GetPartnerHistoryHandler implements IQueryHandler<GetPartnerHistoryQuery> {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore, private readonly freshness: ReadModelFreshness) {}

  async execute({ partnerId, page, freshness }: GetPartnerHistoryQuery) {
    await this.freshness.waitFor(freshness.minPosition);
    await requirePartner(this.store, partnerId);
    const found = await this.store.find<HistoryEntry>(HISTORY, { filter: { partnerId }, limit: page.limit, cursor: page.cursor });
    return { items: found.items.map(historyView), nextCursor: found.nextCursor };
  }
}
