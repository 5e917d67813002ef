import { dateTime, money, monthLabel, percent } from '../../format';
import { href, Route, withQuery } from '../../router';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { getAlerts, getWorst, MarginAlert, MarginGroup, MonthRange } from './margins-data';

const partnerLink = (partnerId: string | undefined) => (partnerId ? <a href={href(['partners', partnerId])}>{partnerId}</a> : '—');
const rangeText = (range: MonthRange) => `${monthLabel(range.from)} to ${monthLabel(range.through)}`;

/** Deal lines sold below the guaranteed minimum in the range, newest first, a page at a time (?alerts=<cursor>). */
export function AlertsPanel({ route, range, currency }: { route: Route; range: MonthRange; currency: string }) {
  const cursor = route.query.get('alerts') ?? undefined;
  const load = useLoad((signal) => getAlerts(range, cursor, signal), [range.from, range.through, cursor]);
  const columns: Column<MarginAlert>[] = [
    { key: 'occurredAt', label: 'Deal won', cell: (a) => dateTime(a.occurredAt) },
    { key: 'partner', label: 'Partner', cell: (a) => partnerLink(a.partnerId) },
    { key: 'lead', label: 'Lead', cell: (a) => a.leadId },
    { key: 'line', label: 'Product line', cell: (a) => a.productLine },
    { key: 'product', label: 'Product', cell: (a) => a.product },
    { key: 'revenue', label: 'Revenue', numeric: true, cell: (a) => money(a.revenue, currency) },
    { key: 'margin', label: 'Margin', numeric: true, cell: (a) => money(a.margin, currency) },
    { key: 'rate', label: 'Rate', numeric: true, cell: (a) => <span class="bad">{percent(a.rate)}</span> },
    { key: 'minimum', label: 'Minimum', numeric: true, cell: (a) => `${percent(a.minimumRate)} (v${a.rulesVersion})` },
  ];
  return (
    <section class="panel margin-alerts">
      <h2>Sold below the minimum</h2>
      <Loaded load={load} label="Reading the alerts…">
        {(page) => (
          <>
            <Table caption={`Deal lines below the guaranteed minimum margin, ${rangeText(range)}, newest first`} columns={columns} rows={page.items} rowKey={(a) => a.position} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { alerts: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}

const figures = (currency: string): Column<MarginGroup>[] => [
  { key: 'revenue', label: 'Revenue', numeric: true, cell: (g) => money(g.revenue, currency) },
  { key: 'margin', label: 'Margin', numeric: true, cell: (g) => money(g.margin, currency) },
  { key: 'rate', label: 'Margin rate', numeric: true, cell: (g) => <span data-value={g.marginRate ?? ''}>{percent(g.marginRate)}</span> },
  { key: 'below', label: 'Sold below minimum', numeric: true, cell: (g) => percent(g.shareBelowMinimum) },
];

const WORST = {
  partner: {
    title: 'Worst partners',
    keys: [
      { key: 'partner', label: 'Partner', cell: (g) => partnerLink(g.partnerId) },
      { key: 'typology', label: 'Typology', cell: (g) => g.typology ?? '—' },
    ] as Column<MarginGroup>[],
    rowKey: (g: MarginGroup) => g.partnerId ?? '',
  },
  product: {
    title: 'Worst products',
    keys: [
      { key: 'line', label: 'Product line', cell: (g) => g.productLine ?? '—' },
      { key: 'product', label: 'Product', cell: (g) => g.product ?? '—' },
    ] as Column<MarginGroup>[],
    rowKey: (g: MarginGroup) => `${g.productLine}/${g.product}`,
  },
};

/** The partners or products with the lowest margin rate over the range, a page at a time (?partners= / ?products=<cursor>). */
export function WorstPanel({ route, range, currency, groupBy }: { route: Route; range: MonthRange; currency: string; groupBy: 'partner' | 'product' }) {
  const param = `${groupBy}s`;
  const cursor = route.query.get(param) ?? undefined;
  const load = useLoad((signal) => getWorst(groupBy, range, cursor, signal), [groupBy, range.from, range.through, cursor]);
  const { title, keys, rowKey } = WORST[groupBy];
  return (
    <section class="panel">
      <h2>{title}</h2>
      <Loaded load={load} label="Ranking by margin rate…">
        {(page) => (
          <>
            <Table caption={`${title} by margin rate, lowest first, ${rangeText(range)}`} columns={[...keys, ...figures(currency)]} rows={page.items} rowKey={rowKey} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { [param]: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}
