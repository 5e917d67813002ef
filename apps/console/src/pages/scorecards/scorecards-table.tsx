import { count, money } from '../../format';
import { href } from '../../router';
import { Column, Table } from '../../ui/table';
import { AttainmentBar } from './attainment-bar';
import { METRICS, Scorecard } from './scorecards-data';
import type { Sort } from './scorecards-view';

const figure = (field: string, value: string | number, shown: string) => (
  <span data-field={field} data-value={value}>
    {shown}
  </span>
);

const COLUMNS: Column<Scorecard>[] = [
  { key: 'partner', label: 'Partner', sort: 'partnerId', cell: (c) => <a href={href(['partners', c.partnerId])}>{c.partnerId}</a> },
  { key: 'typology', label: 'Typology', cell: (c) => c.typology },
  { key: 'country', label: 'Country', cell: (c) => (c.region ? `${c.country} · ${c.region}` : c.country) },
  { key: 'tier', label: 'Tier', cell: (c) => <span class={`badge tier-${c.tier}`}>{c.tier}</span> },
  { key: 'netRevenue', label: 'Net revenue', numeric: true, sort: 'netRevenue', cell: (c) => figure('netRevenue', c.netRevenue, money(c.netRevenue, c.currency)) },
  { key: 'revenueWon', label: 'Revenue won', numeric: true, sort: 'revenueWon', cell: (c) => figure('revenueWon', c.revenueWon, money(c.revenueWon, c.currency)) },
  { key: 'dealsWon', label: 'Deals won', numeric: true, sort: 'dealsWon', cell: (c) => figure('dealsWon', c.dealsWon, count(c.dealsWon)) },
  { key: 'leadsRegistered', label: 'Leads registered', numeric: true, sort: 'leadsRegistered', cell: (c) => figure('leadsRegistered', c.leadsRegistered, count(c.leadsRegistered)) },
  { key: 'certifiedEngineers', label: 'Certified engineers', numeric: true, cell: (c) => figure('certifiedEngineers', c.certifiedEngineers, count(c.certifiedEngineers)) },
  ...METRICS.map(({ metric, label }): Column<Scorecard> => ({
    key: `attainment.${metric}`,
    label: `${label}, % of target`,
    sort: `attainment.${metric}`,
    cell: (c) => <AttainmentBar value={c.attainment[metric]} />,
  })),
];

/** A page of a period's scorecards, ranked by the API; each partner links to its own page. */
export function ScorecardsTable({ caption, cards, sort, onSort }: { caption: string; cards: Scorecard[]; sort: Sort; onSort: (sort: Sort) => void }) {
  return (
    <div class="scorecards-table">
      <Table caption={caption} columns={COLUMNS} rows={cards} rowKey={(c) => c.partnerId} sort={sort} onSort={(s) => onSort(s as Sort)} />
    </div>
  );
}
