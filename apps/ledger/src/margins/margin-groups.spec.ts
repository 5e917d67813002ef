import { groupPartnerMonths, groupProductMonths, pageOf, sortedBy } from './margin-groups';
import { PartnerMonthDocument, ProductMonthDocument } from './margins.projection';

const sums = (revenue: number, margin: number, revenueBelowMinimum = 0, marginBelowMinimum = 0) => ({ revenue, margin, revenueBelowMinimum, marginBelowMinimum });
const product = (productLine: string, name: string, revenue: number, margin: number, below = 0) => ({ productLine, product: name, ...sums(revenue, margin, below, below ? margin : 0) });

// Two partners' months, as the projection keeps them; p-2 had a deal reversed whole in March.
const partnerMonths: PartnerMonthDocument[] = [
  { partnerId: 'p-1', typology: 'var', month: '2026-02', ...sums(300, 45, 100, 5), products: [product('network', 'SW', 200, 40), product('utm', 'U1', 100, 5, 100)] },
  { partnerId: 'p-1', typology: 'var', month: '2026-03', ...sums(100, 20), products: [product('utm', 'U2', 100, 20)] },
  { partnerId: 'p-2', typology: 'isv', month: '2026-03', ...sums(0, 0), products: [product('utm', 'U1', 0, 0)] },
];
const productMonths: ProductMonthDocument[] = [
  { month: '2026-02', productLine: 'network', product: 'SW', ...sums(200, 40), byTypology: [{ typology: 'var', ...sums(200, 40) }] },
  { month: '2026-02', productLine: 'utm', product: 'U1', ...sums(100, 5, 100, 5), byTypology: [{ typology: 'var', ...sums(100, 5, 100, 5) }] },
  { month: '2026-03', productLine: 'utm', product: 'U2', ...sums(100, 20), byTypology: [{ typology: 'var', ...sums(100, 20) }] },
];
const figures = (groups: { fields: object; revenue: number; margin: number }[]) => groups.map((g) => [g.fields, g.revenue, g.margin]);

describe('margin groups', () => {
  it('groups partners\' months by partner (with its typology), line, product, typology and month', () => {
    expect(figures(groupPartnerMonths(partnerMonths, 'partner', {}))).toEqual([[{ partnerId: 'p-1', typology: 'var' }, 400, 65], [{ partnerId: 'p-2', typology: 'isv' }, 0, 0]]);
    expect(figures(groupPartnerMonths(partnerMonths, 'productLine', {}))).toEqual([[{ productLine: 'network' }, 200, 40], [{ productLine: 'utm' }, 200, 25]]);
    expect(figures(groupPartnerMonths(partnerMonths, 'product', { productLine: 'utm' }))).toEqual([[{ productLine: 'utm', product: 'U1' }, 100, 5], [{ productLine: 'utm', product: 'U2' }, 100, 20]]);
    expect(figures(groupPartnerMonths(partnerMonths, 'typology', {}))).toEqual([[{ typology: 'isv' }, 0, 0], [{ typology: 'var' }, 400, 65]]);
    expect(figures(groupPartnerMonths(partnerMonths, 'month', { product: 'U1' }))).toEqual([[{ month: '2026-02' }, 100, 5], [{ month: '2026-03' }, 0, 0]]);
  });

  it('groups the program\'s months alike, by typology from their parts', () => {
    expect(figures(groupProductMonths(productMonths, 'productLine', {}))).toEqual([[{ productLine: 'network' }, 200, 40], [{ productLine: 'utm' }, 200, 25]]);
    expect(figures(groupProductMonths(productMonths, 'typology', { productLine: 'utm' }))).toEqual([[{ typology: 'var' }, 200, 25]]);
    expect(figures(groupProductMonths(productMonths, 'month', {}))).toEqual([[{ month: '2026-02' }, 300, 45], [{ month: '2026-03' }, 100, 20]]);
  });

  it('sorts by rate exactly either way, a group without revenue last both ways', () => {
    const groups = groupPartnerMonths(partnerMonths, 'product', {});
    const rates = (sort: 'marginRate' | '-marginRate') => sortedBy(groups, sort).map((g) => `${g.fields.productLine}/${g.fields.product}`);
    // U1 is 5 ÷ 100 (p-1) plus nothing (p-2): 5%; SW 20%; U2 20%, tied with SW and after it by key.
    expect(rates('marginRate')).toEqual(['utm/U1', 'network/SW', 'utm/U2']);
    expect(rates('-marginRate')).toEqual(['network/SW', 'utm/U2', 'utm/U1']);
    const byPartner = groupPartnerMonths(partnerMonths, 'partner', {});
    expect(sortedBy(byPartner, 'marginRate').map((g) => g.fields.partnerId)).toEqual(['p-1', 'p-2']);
    expect(sortedBy(byPartner, '-marginRate').map((g) => g.fields.partnerId)).toEqual(['p-1', 'p-2']);
  });

  it('pages from a cursor to the end', () => {
    const sorted = sortedBy(groupPartnerMonths(partnerMonths, 'product', {}), '-revenue');
    const first = pageOf(sorted, '-revenue', { limit: 2 });
    expect(first.items.map((g) => g.fields.product)).toEqual(['SW', 'U1']);
    const second = pageOf(sorted, '-revenue', { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ fields: { productLine: 'utm', product: 'U2' } })], nextCursor: null });
    expect(() => pageOf(sorted, 'revenue', { limit: 2, cursor: first.nextCursor! })).toThrow('cursor is not one this API returned');
  });
});
