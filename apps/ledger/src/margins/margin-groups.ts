import { Typology } from '@ledger/domain';
import { InvalidCursorError } from '@ledger/read-store';
import { addSums, MarginSums, noSums, sumsOf } from './margin-sums';
import { PartnerMonthDocument, ProductMonthDocument } from './margins.projection';

export const MARGIN_GROUPS = ['partner', 'productLine', 'product', 'typology', 'month'] as const;
export type MarginGroup = (typeof MARGIN_GROUPS)[number];

/** `key`: the group's key fields in order (the default); the others by that figure, `-` descending. */
export const MARGIN_SORTS = ['key', 'marginRate', '-marginRate', 'revenue', '-revenue', 'margin', '-margin'] as const;
export type MarginSort = (typeof MARGIN_SORTS)[number];

/** What names a group: the partner (with its typology), the line, the line and product, the typology or the month. */
export interface GroupFields {
  partnerId?: string;
  typology?: Typology;
  productLine?: string;
  product?: string;
  month?: string;
}

export interface MarginGroupSums extends MarginSums {
  /** The key fields joined, to order groups and to find a cursor's place. */
  key: string;
  fields: GroupFields;
}

export interface ProductFilter {
  productLine?: string;
  product?: string;
}

/** Adds `sums` to the group `fields` names. */
class Groups {
  private readonly groups = new Map<string, MarginGroupSums>();

  add(fields: GroupFields, sums: MarginSums): void {
    const key = [fields.partnerId, fields.typology, fields.productLine, fields.product, fields.month].filter((v) => v !== undefined).join('\u0000');
    const group = this.groups.get(key) ?? { key, fields, ...noSums() };
    this.groups.set(key, { ...group, ...addSums(group, sums) });
  }

  list(): MarginGroupSums[] {
    return [...this.groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

const matches = (filter: ProductFilter, entry: { productLine: string; product: string }) =>
  (filter.productLine === undefined || entry.productLine === filter.productLine) && (filter.product === undefined || entry.product === filter.product);

/** Partners' months summed by `groupBy`, only their products the filter takes. */
export function groupPartnerMonths(docs: Iterable<PartnerMonthDocument>, groupBy: MarginGroup, filter: ProductFilter): MarginGroupSums[] {
  const groups = new Groups();
  for (const doc of docs) {
    for (const entry of doc.products) {
      if (!matches(filter, entry)) continue;
      groups.add(fieldsOf(groupBy, { ...doc, ...entry }), sumsOf(entry));
    }
  }
  return groups.list();
}

/** The program's months of products summed by `groupBy` (any but partner), only the products the filter takes. */
export function groupProductMonths(docs: Iterable<ProductMonthDocument>, groupBy: Exclude<MarginGroup, 'partner'>, filter: ProductFilter): MarginGroupSums[] {
  const groups = new Groups();
  for (const doc of docs) {
    if (!matches(filter, doc)) continue;
    if (groupBy === 'typology') for (const part of doc.byTypology) groups.add({ typology: part.typology }, sumsOf(part));
    else groups.add(fieldsOf(groupBy, doc), sumsOf(doc));
  }
  return groups.list();
}

function fieldsOf(groupBy: MarginGroup, of: { partnerId?: string; typology?: Typology; productLine: string; product: string; month: string }): GroupFields {
  switch (groupBy) {
    case 'partner':
      return { partnerId: of.partnerId, typology: of.typology };
    case 'productLine':
      return { productLine: of.productLine };
    case 'product':
      return { productLine: of.productLine, product: of.product };
    case 'typology':
      return { typology: of.typology };
    case 'month':
      return { month: of.month };
  }
}

/** The figure a group is sorted by, and how; null when it has none (a rate without revenue). */
type Place = Pick<MarginGroupSums, 'key' | 'revenue' | 'margin'>;

/** margin ÷ revenue of a and b compared exactly (revenue may be negative: a month of reversals). */
function compareRates(a: Place, b: Place): number {
  const [am, ar] = a.revenue < 0 ? [-a.margin, -a.revenue] : [a.margin, a.revenue];
  const [bm, br] = b.revenue < 0 ? [-b.margin, -b.revenue] : [b.margin, b.revenue];
  const diff = BigInt(am) * BigInt(br) - BigInt(bm) * BigInt(ar);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

const byKey = (a: Place, b: Place) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The order of a sort: by its figure, groups without a rate last either way, ties by key ascending. */
export function orderOf(sort: MarginSort): (a: Place, b: Place) => number {
  if (sort === 'key') return byKey;
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as 'marginRate' | 'revenue' | 'margin';
  return (a, b) => {
    if (field === 'marginRate' && (a.revenue === 0) !== (b.revenue === 0)) return a.revenue === 0 ? 1 : -1;
    const figure = field === 'marginRate' ? (a.revenue === 0 ? 0 : compareRates(a, b)) : Math.sign(a[field] - b[field]);
    return (descending ? -figure : figure) || byKey(a, b);
  };
}

/** The cursor of a page of groups: its sort, and the last group's key and figures, opaque to clients. */
const CURSOR_TAG = 'margins';
const encodeCursor = (sort: MarginSort, last: Place) => Buffer.from(JSON.stringify([CURSOR_TAG, sort, last.key, last.revenue, last.margin])).toString('base64url');

function decodeCursor(cursor: string, sort: MarginSort): Place {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) throw new InvalidCursorError();
  const [tag, ofSort, key, revenue, margin] = decoded as unknown[];
  if (tag !== CURSOR_TAG || ofSort !== sort || typeof key !== 'string' || !Number.isSafeInteger(revenue) || !Number.isSafeInteger(margin)) throw new InvalidCursorError();
  return { key, revenue: revenue as number, margin: margin as number };
}

/** Groups (in key order) in a sort's order. */
export const sortedBy = (groups: readonly MarginGroupSums[], sort: MarginSort): readonly MarginGroupSums[] => (sort === 'key' ? groups : [...groups].sort(orderOf(sort)));

/** A page of groups already in the sort's order, after the cursor's group (which may have changed since: its place is found by its figures). */
export function pageOf(sorted: readonly MarginGroupSums[], sort: MarginSort, page: { limit: number; cursor?: string }) {
  const order = orderOf(sort);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, sort);
  const start = after === undefined ? 0 : sorted.findIndex((group) => order(group, after) > 0);
  const items = start < 0 ? [] : sorted.slice(start, start + page.limit);
  const last = items[items.length - 1];
  const more = start >= 0 && start + page.limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor(sort, last) : null };
}
