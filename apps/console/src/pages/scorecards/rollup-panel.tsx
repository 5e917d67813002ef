import { useMemo } from 'preact/hooks';
import { amount, count, money, percent } from '../../format';
import { Chart, ChartOption } from '../../ui/chart';
import { Column, Table } from '../../ui/table';
import { groupKey, RollupGroup } from './scorecards-data';
import { GROUPS, GroupBy } from './scorecards-view';

const GROUP_LABELS: Record<GroupBy, string> = { typology: 'Typology', tier: 'Tier', country: 'Country', region: 'Region' };
const nameOf = (group: RollupGroup, by: GroupBy) => groupKey(group, by) ?? (by === 'region' ? 'no region' : '—');

const figure = (field: string, value: string | number | null, shown: string) => (
  <span data-field={field} data-value={value ?? ''}>
    {shown}
  </span>
);

function columns(by: GroupBy, filterHref: (group: RollupGroup) => string | undefined): Column<RollupGroup>[] {
  return [
    {
      key: 'group',
      label: GROUP_LABELS[by],
      cell: (g) => {
        const target = filterHref(g);
        return target ? <a href={target} data-field="group" data-value={groupKey(g, by)}>{nameOf(g, by)}</a> : <span data-field="group" data-value="">{nameOf(g, by)}</span>;
      },
    },
    { key: 'partners', label: 'Partners', numeric: true, cell: (g) => figure('partners', g.partners, count(g.partners)) },
    { key: 'revenueWon', label: 'Revenue won', numeric: true, cell: (g) => figure('revenueWon', g.revenueWon, money(g.revenueWon, g.currency)) },
    { key: 'netRevenue', label: 'Net revenue', numeric: true, cell: (g) => figure('netRevenue', g.netRevenue, money(g.netRevenue, g.currency)) },
    { key: 'dealsWon', label: 'Deals won', numeric: true, cell: (g) => figure('dealsWon', g.dealsWon, count(g.dealsWon)) },
    { key: 'leadsRegistered', label: 'Leads registered', numeric: true, cell: (g) => figure('leadsRegistered', g.leadsRegistered, count(g.leadsRegistered)) },
    { key: 'certifiedEngineers', label: 'Certified engineers', numeric: true, cell: (g) => figure('certifiedEngineers', g.certifiedEngineers, count(g.certifiedEngineers)) },
    { key: 'attainment.revenueWon', label: 'Revenue won, % of target', numeric: true, cell: (g) => figure('attainment.revenueWon', g.attainment.revenueWon, percent(g.attainment.revenueWon)) },
    { key: 'attainment.dealsWon', label: 'Deals won, % of target', numeric: true, cell: (g) => figure('attainment.dealsWon', g.attainment.dealsWon, percent(g.attainment.dealsWon)) },
    { key: 'atOrAbove100.revenueWon', label: 'Partners at or above their revenue target', numeric: true, cell: (g) => figure('atOrAbove100.revenueWon', g.atOrAbove100.revenueWon, percent(g.atOrAbove100.revenueWon)) },
  ];
}

/**
 * A period's scorecards summed by typology, tier, country or region (the API's roll-up, over
 * every partner of the period, whatever the table's filters): a chart of revenue and attainment
 * per group, and the table of its figures, each group a link to the table filtered to it.
 */
export function RollupPanel({ groups, by, periodName, byHref, filterHref }: {
  groups: RollupGroup[];
  by: GroupBy;
  periodName: string;
  byHref: (by: GroupBy) => string;
  filterHref: (group: RollupGroup) => string | undefined;
}) {
  const currency = groups.find((g) => g.currency)?.currency ?? 'EUR';
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 50, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: groups.map((g) => nameOf(g, by)) },
    yAxis: [{ type: 'value', name: currency }, { type: 'value', name: '%' }],
    series: [
      { name: 'Revenue won', type: 'bar', data: groups.map((g) => amount(g.revenueWon)) },
      { name: 'Net revenue', type: 'bar', data: groups.map((g) => amount(g.netRevenue)) },
      { name: 'Revenue won, % of target', type: 'line', yAxisIndex: 1, data: groups.map((g) => (g.attainment.revenueWon === null ? null : Number(g.attainment.revenueWon))) },
      { name: 'Partners at or above their revenue target, %', type: 'line', yAxisIndex: 1, data: groups.map((g) => (g.atOrAbove100.revenueWon === null ? null : Number(g.atOrAbove100.revenueWon))) },
    ],
  }), [groups, by, currency]);
  return (
    <section class="panel" aria-labelledby="rollup-heading">
      <h2 id="rollup-heading">
        Roll-up by {by}, {periodName}
      </h2>
      <nav class="segmented" aria-label="Roll-up grouping">
        {GROUPS.map((g) => (
          <a key={g} href={byHref(g)} aria-current={g === by ? 'true' : undefined}>
            By {g}
          </a>
        ))}
      </nav>
      <Chart option={option} label={`Revenue won, net revenue and attainment of the revenue target by ${by}, ${periodName}`} height={300} />
      <div class="scorecards-table">
        <Table caption={`Every partner of ${periodName}, by ${by}`} columns={columns(by, filterHref)} rows={groups} rowKey={(g) => groupKey(g, by) ?? '(none)'} />
      </div>
    </section>
  );
}
