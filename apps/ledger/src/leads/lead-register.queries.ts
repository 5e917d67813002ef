import { refuse } from '@ledger/domain';
import { ReadStore } from '@ledger/read-store';
import { requirePartner } from '../partners';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { LEADS, LeadDocument } from './lead-register';
import { leadView } from './lead-register.view';

export class GetLeadQuery extends ReadModelQuery {
  constructor(readonly leadId: string, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    const found = await store.get<LeadDocument>(LEADS, this.leadId);
    if (!found) throw refuse.notFound('LEAD_NOT_FOUND', `lead ${this.leadId} is not registered`, { leadId: this.leadId });
    return leadView(found.doc, currency);
  }
}

export class ListPartnerLeadsQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, readonly status: string | undefined, readonly page: PageRequest, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store, currency }: QueryReads) {
    await requirePartner(store, this.partnerId);
    const found = await store.find<LeadDocument>(LEADS, {
      filter: presentFilter({ partnerId: this.partnerId, status: this.status }), limit: this.page.limit, cursor: this.page.cursor,
    });
    return { items: found.items.map((lead) => leadView(lead, currency)), nextCursor: found.nextCursor };
  }
}

/**
 * The open leads whose protection has run out by `asOf`, oldest first, as the read model
 * knows them. A stale list is harmless: each expiry is decided by the lead's own stream.
 */
export async function* leadsDueForExpiry(store: ReadStore, asOf: string, pageSize = 200): AsyncGenerator<Pick<LeadDocument, 'leadId' | 'protectedUntil'>> {
  const until = Date.parse(asOf);
  let cursor: string | undefined;
  do {
    const page = await store.find<LeadDocument>(LEADS, { filter: { status: 'open' }, sort: { field: 'protectedUntil', direction: 'asc' }, limit: pageSize, cursor });
    for (const lead of page.items) {
      if (Date.parse(lead.protectedUntil) > until) return;
      yield { leadId: lead.leadId, protectedUntil: lead.protectedUntil };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
