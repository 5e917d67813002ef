import { Filter, ReadStore, Scalar } from '@ledger/read-store';
import { Freshness, PageRequest, presentFilter } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { groupPartnerMonths, groupProductMonths, MarginGroup, MarginGroupSums, MarginSort, pageOf, ProductFilter, sortedBy } from './margin-groups';
import { nextMonth } from '@ledger/domain';
import { endMonthOf, inRange, monthIndex, MonthRange, monthsBefore, monthsBetween } from './margin-range';
import { addSums, noSums, sumsOf } from './margin-sums';
import { MARGIN_ALERTS, MARGIN_MONTHS, MarginAlertDocument, MARGINS, PartnerMonthDocument, ProductMonthDocument } from './margins.projection';
import { alertView, driftMonthView, marginGroupView } from './margins.view';

/** Every document matching `filter`, a page at a time by its index. */
async function readAll<T>(store: ReadStore, collection: string, filter: Filter, pageSize = 1000): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find<T>(collection, { filter, limit: pageSize, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The first and last month anything was sold or reversed in (none: nothing yet). */
async function salesSpan(store: ReadStore): Promise<{ first: string; last: string } | undefined> {
  const [first, last] = await Promise.all(
    (['asc', 'desc'] as const).map((direction) => store.find<ProductMonthDocument>(MARGIN_MONTHS, { sort: { field: 'month', direction }, limit: 1 })),
  );
  const [a, b] = [first!.items[0], last!.items[0]];
  return a && b ? { first: a.month, last: b.month } : undefined;
}

/**
 * The month filter of a range: none when the range is open on both sides (every month);
 * otherwise the months it covers, clipped to the months with sales so that a range of
 * centuries names only those (null: no month can match).
 */
async function monthFilter(store: ReadStore, range: MonthRange): Promise<{ in: Scalar[] } | undefined | null> {
  if (!range.first && !range.end) return undefined;
  const span = await salesSpan(store);
  if (!span) return null;
  const first = range.first && monthIndex(range.first) > monthIndex(span.first) ? range.first : span.first;
  const end = range.end && monthIndex(range.end) < monthIndex(nextMonth(span.last)) ? range.end : nextMonth(span.last);
  const months = monthsBetween(first, end);
  return months.length ? { in: months } : null;
}

/** Answers kept while the margins read models have not moved (by read store, question and checkpoint). */
const CACHED = 32;
const cachesByStore = new WeakMap<ReadStore, Map<string, { checkpoint: string; value: unknown }>>();

async function cached<T>(store: ReadStore, key: string, compute: () => Promise<T>): Promise<T> {
  // Read before the documents: a batch committed meanwhile moves it, so the next call computes again.
  const checkpoint = String(await store.checkpoint('margins'));
  let cache = cachesByStore.get(store);
  if (!cache) cachesByStore.set(store, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.checkpoint === checkpoint) return hit.value as T;
  const value = await compute();
  cache.delete(key);
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { checkpoint, value });
  return value;
}

export interface MarginFilter extends ProductFilter {
  partnerId?: string;
}

/**
 * A range's sales summed by group: from the partners' months when grouped by partner or
 * filtered by one, else from the program's months of products (a few hundred documents a
 * year, whatever the number of partners).
 */
async function marginGroups(store: ReadStore, range: MonthRange, groupBy: MarginGroup, filter: MarginFilter): Promise<MarginGroupSums[]> {
  const month = await monthFilter(store, range);
  if (month === null) return [];
  const months: Filter = month ? { month } : {};
  const products = { productLine: filter.productLine, product: filter.product };
  if (groupBy === 'partner' || filter.partnerId !== undefined) {
    const docs = await readAll<PartnerMonthDocument>(store, MARGINS, { ...presentFilter({ partnerId: filter.partnerId }), ...months });
    return groupPartnerMonths(docs.filter((doc) => inRange(range, doc.month)), groupBy, products);
  }
  const docs = await readAll<ProductMonthDocument>(store, MARGIN_MONTHS, { ...presentFilter(products), ...months });
  return groupProductMonths(docs.filter((doc) => inRange(range, doc.month)), groupBy, products);
}

/** GET /margins: revenue, margin and margin rate per group over a range of months, sorted and paginated. */
export class ListMarginsQuery extends ReadModelQuery {
  constructor(
    readonly range: MonthRange,
    readonly groupBy: MarginGroup,
    readonly filter: MarginFilter,
    readonly sort: MarginSort,
    readonly page: PageRequest,
    freshness: Freshness = {},
  ) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    const { range, groupBy, filter } = this;
    const question = [range.first, range.end, groupBy, filter.partnerId, filter.productLine, filter.product];
    const groups = () => cached(store, JSON.stringify(['groups', ...question]), () => marginGroups(store, range, groupBy, filter));
    // Sorted once per sort: every page of a ranking then only finds its place.
    const sorted = await cached(store, JSON.stringify([this.sort, ...question]), async () => sortedBy(await groups(), this.sort));
    const { items, nextCursor } = pageOf(sorted, this.sort, this.page);
    return { items: items.map(marginGroupView), nextCursor };
  }
}

/** GET /margins/alerts: the lines sold below the minimum, newest first (by when the deal was won, then position). */
export class ListMarginAlertsQuery extends ReadModelQuery {
  /** `instants`: bounds given as instants (or days), which cut inside their months: [from, to) by the win's time. */
  constructor(
    readonly range: MonthRange,
    readonly filter: { partnerId?: string; productLine?: string },
    readonly page: PageRequest,
    freshness: Freshness = {},
    readonly instants: { from?: string; to?: string } = {},
  ) {
    super(freshness);
  }

  private within(alert: MarginAlertDocument): boolean {
    const at = Date.parse(alert.occurredAt);
    return (this.instants.from === undefined || at >= Date.parse(this.instants.from)) && (this.instants.to === undefined || at < Date.parse(this.instants.to));
  }

  async answer({ store }: QueryReads) {
    const month = await monthFilter(store, this.range);
    if (month === null) return { items: [], nextCursor: null };
    const filter = { ...presentFilter(this.filter), ...(month ? { month } : {}) };
    // The months are read through their index; alerts of the bounds' months outside the instants are passed over, page after page, until the page is full.
    const items: MarginAlertDocument[] = [];
    let cursor = this.page.cursor;
    let nextCursor: string | null = null;
    do {
      const found = await store.find<MarginAlertDocument>(MARGIN_ALERTS, { filter, sort: { field: 'occurredAt', direction: 'desc' }, limit: this.page.limit - items.length, ...(cursor ? { cursor } : {}) });
      items.push(...found.items.filter((alert) => this.within(alert)));
      nextCursor = found.nextCursor;
      cursor = nextCursor ?? undefined;
    } while (nextCursor !== null && items.length < this.page.limit);
    return { items: items.map(alertView), nextCursor };
  }
}

/** GET /margins/drift: a line's (or the program's) months, each with its margin rate and share sold below the minimum; months without sales as zeros. */
export class MarginDriftQuery extends ReadModelQuery {
  /** `end`: the month after the window, excluded; undefined: the window ends with the last month the line sold in (the current month when it never did). */
  constructor(readonly productLine: string | undefined, readonly months: number, readonly end: string | undefined, readonly now: string, freshness: Freshness = {}) {
    super(freshness);
  }

  /** The month after the last one the line (the program) sold or reversed in. */
  private async endAfterLastSale(store: ReadStore): Promise<string> {
    const filter = presentFilter({ productLine: this.productLine });
    const { items } = await store.find<ProductMonthDocument>(MARGIN_MONTHS, { filter, sort: { field: 'month', direction: 'desc' }, limit: 1 });
    const last = items[0]?.month;
    return last ? nextMonth(last) : endMonthOf(this.now);
  }

  async answer({ store }: QueryReads) {
    const end = this.end ?? (await this.endAfterLastSale(store));
    const months = monthsBefore(end, this.months);
    const key = JSON.stringify(['drift', this.productLine, months[0], end]);
    const byMonth = await cached(store, key, async () => {
      const docs = await readAll<ProductMonthDocument>(store, MARGIN_MONTHS, { ...presentFilter({ productLine: this.productLine }), month: { in: months } });
      const sums = new Map(months.map((month) => [month, noSums()]));
      for (const doc of docs) if (sums.has(doc.month)) sums.set(doc.month, addSums(sums.get(doc.month)!, sumsOf(doc)));
      return [...sums];
    });
    return { ...(this.productLine ? { productLine: this.productLine } : {}), months: byMonth.map(([month, sums]) => driftMonthView(month, sums)) };
  }
}
