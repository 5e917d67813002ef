import { refuse } from '@ledger/domain';
import { ReadStore } from '@ledger/read-store';
import { PageRequest, Freshness, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { PARTNERS, PartnerProfile } from './partner-profile';
import { partnerView } from './partner-profile.view';
import { Audience } from '../auth/personal-data-access';

/** A registered partner's profile, or 404 PARTNER_NOT_FOUND (for every route under /partners/:partnerId). */
export async function requirePartner(store: ReadStore, partnerId: string): Promise<PartnerProfile> {
  const found = await store.get<PartnerProfile>(PARTNERS, partnerId);
  if (!found) throw refuse.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId });
  return found.doc;
}

export class GetPartnerQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, freshness: Freshness = {}, readonly audience: Audience = 'withheld') {
    super(freshness);
  }

  async answer({ store, currency, personal }: QueryReads) {
    return partnerView(await requirePartner(store, this.partnerId), currency, (value) => personal.revealValue(value, this.audience));
  }
}

export class ListPartnersQuery extends ReadModelQuery {
  constructor(
    readonly filter: { typology?: string; tier?: string; country?: string },
    readonly page: PageRequest,
    freshness: Freshness = {},
    readonly audience: Audience = 'withheld',
  ) {
    super(freshness);
  }

  async answer({ store, currency, personal }: QueryReads) {
    const found = await store.find<PartnerProfile>(PARTNERS, { filter: presentFilter(this.filter), limit: this.page.limit, cursor: this.page.cursor });
    const reveal = (value: string) => personal.revealValue(value, this.audience);
    return { items: await Promise.all(found.items.map((p) => partnerView(p, currency, reveal))), nextCursor: found.nextCursor };
  }
}
