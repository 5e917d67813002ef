import { Filter } from '@ledger/read-store';
import { Audience } from '../auth/personal-data-access';
import { Freshness, PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { AUDIT_EVENTS, AUDIT_TIMES, AuditEventDocument, AuditFilterField, AuditTime } from './audit-events';
import { auditEventView } from './audit-search.view';

export interface AuditSearch {
  equal: Partial<Record<Exclude<AuditFilterField, 'type'>, string>>;
  types?: string[];
  from?: string;
  to?: string;
  time: AuditTime;
}

/** GET /audit/events: events matching every filter given, in the order of the time bounded (then position). */
export class SearchAuditEventsQuery extends ReadModelQuery {
  constructor(readonly search: AuditSearch, readonly page: PageRequest, freshness: Freshness = {}, readonly audience: Audience = 'withheld') {
    super(freshness);
  }

  async answer({ store, personal }: QueryReads) {
    const time = AUDIT_TIMES[this.search.time];
    const filter: Filter = Object.fromEntries(Object.entries(this.search.equal).filter(([, value]) => value !== undefined)) as Filter;
    if (this.search.types) filter['type'] = this.search.types.length === 1 ? this.search.types[0]! : { in: this.search.types };
    // Bounds as the store keeps instants (toISOString), so that text and BSON Date compare alike.
    const bound = (at?: string) => (at === undefined ? undefined : new Date(at).toISOString());
    if (this.search.from !== undefined || this.search.to !== undefined) filter[time] = { gte: bound(this.search.from), lt: bound(this.search.to) };
    const found = await store.find<AuditEventDocument>(AUDIT_EVENTS, { filter, sort: { field: time, direction: 'asc' }, limit: this.page.limit, cursor: this.page.cursor });
    // Documents hold the events' data as recorded: personal fields sealed, revealed here as the reader may see them.
    const items = await Promise.all(found.items.map(async (doc) => auditEventView({ ...doc, data: await personal.reveal(doc.type, doc.data, this.audience) })));
    return { items, nextCursor: found.nextCursor };
  }
}
