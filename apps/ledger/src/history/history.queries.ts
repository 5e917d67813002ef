import { requirePartner } from '../partners';
import { Freshness, PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { AUDIT_EVENTS } from '../audit-search';
import { HistoryEntry, historyView } from './history.view';
import { Audience } from '../auth/personal-data-access';

export class GetPartnerHistoryQuery extends ReadModelQuery {
  constructor(readonly partnerId: string, readonly page: PageRequest, freshness: Freshness = {}, readonly audience: Audience = 'withheld') {
    super(freshness);
  }

  async answer({ store, personal }: QueryReads) {
    await requirePartner(store, this.partnerId);
    const found = await store.find<HistoryEntry>(AUDIT_EVENTS, { filter: { partnerId: this.partnerId }, limit: this.page.limit, cursor: this.page.cursor });
    // Entries hold the events' data as recorded: personal fields sealed, revealed here as the reader may see them.
    const items = await Promise.all(found.items.map(async (entry) => historyView({ ...entry, data: await personal.reveal(entry.type, entry.data, this.audience) })));
    return { items, nextCursor: found.nextCursor };
  }
}
