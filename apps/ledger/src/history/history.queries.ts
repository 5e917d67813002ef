import { requirePartner } from '../partners';
import { Freshness, PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { HISTORY, HistoryEntry } from './history';
import { historyView } from './history.view';

export class GetPartnerHistoryQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, readonly page: PageRequest, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    await requirePartner(store, this.partnerId);
    const found = await store.find<HistoryEntry>(HISTORY, { filter: { partnerId: this.partnerId }, limit: this.page.limit, cursor: this.page.cursor });
    return { items: found.items.map(historyView), nextCursor: found.nextCursor };
  }
}
