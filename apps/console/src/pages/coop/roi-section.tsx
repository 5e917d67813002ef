import { useMemo } from 'preact/hooks';
import { amount, count, money } from '../../format';
import { Chart, ChartOption } from '../../ui/chart';
import { Column, Table } from '../../ui/table';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { loadRoi, nameOf, Returns, Roi, RoiGroup, RoiItem, RoiWindow } from './coop-data';

type Row = Returns & { group?: string };

/** The return of one grouping of the window's claims: a chart and its table, with the total. */
export function RoiSection({ groupBy, title, column, window, windowText, revision }: {
  groupBy: RoiGroup;
  title: string;
  column: string;
  window: RoiWindow;
  windowText: string;
  revision: number;
}) {
  const load = useLoad((signal) => loadRoi(window, groupBy, signal), [groupBy, window.from, window.through, revision]);
  return (
    <section class="panel coop-roi" aria-labelledby={`roi-${groupBy}`} data-group-by={groupBy}>
      <h2 id={`roi-${groupBy}`}>{title}</h2>
      <Loaded load={load} label={`Summing the claims ${title.toLowerCase()}…`}>
        {(roi) => <RoiView roi={roi} groupBy={groupBy} column={column} windowText={windowText} />}
      </Loaded>
    </section>
  );
}

const TIER_ORDER = ['none', 'silver', 'gold', 'platinum'];

/** Tiers from the lowest up, as the program ranks them; the other groupings as the API sorts them (by name). */
const inOrder = (rows: Row[], groupBy: RoiGroup) =>
  groupBy === 'tier' ? [...rows].sort((a, b) => TIER_ORDER.indexOf(a.group ?? '') - TIER_ORDER.indexOf(b.group ?? '')) : rows;

const figure = (value: string | number, shown: string) => <span data-value={value}>{shown}</span>;

function RoiView({ roi, groupBy, column, windowText }: { roi: Roi; groupBy: RoiGroup; column: string; windowText: string }) {
  const rows: Row[] = inOrder(roi.items.map((item: RoiItem) => ({ ...item, group: item[groupBy] })), groupBy);
  const total: Row = roi.total;
  const columns: Column<Row>[] = [
    { key: 'group', label: column, cell: (r) => (r.group === undefined ? 'All claims' : figure(r.group, nameOf(r.group))) },
    { key: 'spend', label: 'Spend', numeric: true, cell: (r) => figure(r.spend, money(r.spend, roi.currency)) },
    { key: 'leadsAttributed', label: 'Leads', numeric: true, cell: (r) => figure(r.leadsAttributed, count(r.leadsAttributed)) },
    { key: 'dealsWon', label: 'Deals won', numeric: true, cell: (r) => figure(r.dealsWon, count(r.dealsWon)) },
    { key: 'revenueWon', label: 'Revenue won', numeric: true, cell: (r) => figure(r.revenueWon, money(r.revenueWon, roi.currency)) },
    { key: 'roi', label: 'ROI (× spend)', numeric: true, cell: (r) => figure(r.roi ?? '', r.roi === null ? '—' : `${r.roi}×`) },
  ];
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 50, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => nameOf(r.group)) },
    yAxis: [{ type: 'value', name: roi.currency }, { type: 'value', name: '× spend' }],
    series: [
      { name: 'Spend', type: 'bar', data: rows.map((r) => amount(r.spend)) },
      { name: 'Revenue won', type: 'bar', data: rows.map((r) => amount(r.revenueWon)) },
      // No spend, no ratio: a gap rather than a zero.
      { name: 'ROI', type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.roi === null ? '-' : amount(r.roi))) },
    ],
  }), [roi]);
  return (
    <div class="grid two">
      <Chart option={option} label={`Co-op spend, revenue won and return by ${column.toLowerCase()}, ${windowText}`} />
      <Table
        caption={`Return on co-op spend by ${column.toLowerCase()}, ${windowText}`}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.group ?? 'total'}
        footer={total}
      />
    </div>
  );
}
