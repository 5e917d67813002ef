import { useMemo } from 'preact/hooks';
import { amount, count, money, monthLabel, percent } from '../../format';
import { Route, withQuery } from '../../router';
import { Chart, ChartOption } from '../../ui/chart';
import { Loaded } from '../../ui/states';
import { Table } from '../../ui/table';
import { MonthInput } from '../../ui/month-input';
import { useLoad } from '../../ui/use-load';
import { latestMonth } from '../overview/overview-data';
import { Choice } from './choice';
import { monthlyScorecards, oneOf, Scorecard } from './partner-api';

const SPAN = 12;

/** The scorecard metrics that have targets, as the API names them. */
const METRICS = ['revenueWon', 'dealsWon', 'leadsRegistered', 'certifiedEngineers'] as const;
type Metric = (typeof METRICS)[number];
const METRIC_LABELS: Record<Metric, string> = {
  revenueWon: 'Revenue won',
  dealsWon: 'Deals won',
  leadsRegistered: 'Leads registered',
  certifiedEngineers: 'Certified engineers',
};

const actualOf = (card: Scorecard, metric: Metric): number => (metric === 'revenueWon' ? amount(card.revenueWon) : card[metric]);
const targetOf = (card: Scorecard, metric: Metric): number | null => {
  const target = card.targets[metric];
  return target === null ? null : Number(target);
};
const shown = (card: Scorecard, metric: Metric, value: string | number | null) =>
  value === null ? '—' : metric === 'revenueWon' ? money(String(value), card.currency) : count(value);

/** Twelve monthly scorecards against their targets: one metric at a time, as a chart and a table. */
export function ScorecardsTab({ partnerId, route }: { partnerId: string; route: Route }) {
  const requested = route.query.get('through') ?? undefined;
  const metric = oneOf(METRICS, route.query.get('metric')) ?? 'revenueWon';
  const through = useLoad((signal) => (requested ? Promise.resolve(requested) : latestMonth(signal)), [requested]);
  return (
    <section class="panel" aria-labelledby="scorecards-heading">
      <h2 id="scorecards-heading">Monthly scorecards against targets</h2>
      <Loaded load={through} label="Finding the latest month…">
        {(month) => (
          <>
            <form class="controls" onSubmit={(e) => e.preventDefault()}>
              <label>
                Last month shown
                <MonthInput value={month} onPick={(v) => (location.hash = withQuery(route, { through: v }))} />
              </label>
              <Choice label="Metric" value={metric} options={METRICS} text={(m) => METRIC_LABELS[m]} onChoose={(v) => (location.hash = withQuery(route, { metric: v }))} />
            </form>
            <Months partnerId={partnerId} through={month} metric={metric} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Months({ partnerId, through, metric }: { partnerId: string; through: string; metric: Metric }) {
  const load = useLoad((signal) => monthlyScorecards(partnerId, through, SPAN, signal), [partnerId, through]);
  return (
    <Loaded load={load} label="Reading twelve monthly scorecards…">
      {(cards) => <MonthsView cards={cards} metric={metric} />}
    </Loaded>
  );
}

function MonthsView({ cards, metric }: { cards: Scorecard[]; metric: Metric }) {
  const label = METRIC_LABELS[metric];
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: cards.map((c) => monthLabel(c.period)) },
    yAxis: { type: 'value', name: metric === 'revenueWon' ? cards[0]?.currency : 'count' },
    series: [
      { name: label, type: 'bar', data: cards.map((c) => actualOf(c, metric)) },
      { name: 'Target', type: 'line', step: 'middle', lineStyle: { type: 'dashed' }, data: cards.map((c) => targetOf(c, metric)) },
    ],
  }), [cards, metric]);
  const first = cards[0];
  const last = cards[cards.length - 1];
  return (
    <>
      <Chart option={option} label={`${label} by month against its target, ${monthLabel(first.period)} to ${monthLabel(last.period)}`} height={300} />
      <Table
        caption={`${label}: actual, target and attainment by month`}
        columns={[
          { key: 'period', label: 'Month', cell: (c) => monthLabel(c.period) },
          { key: 'actual', label: 'Actual', numeric: true, cell: (c) => <span data-value={metric === 'revenueWon' ? c.revenueWon : c[metric]}>{shown(c, metric, metric === 'revenueWon' ? c.revenueWon : c[metric])}</span> },
          { key: 'target', label: 'Target', numeric: true, cell: (c) => shown(c, metric, c.targets[metric]) },
          { key: 'attainment', label: 'Attainment', numeric: true, cell: (c) => <Attainment value={c.attainment[metric]} /> },
        ]}
        rows={cards}
        rowKey={(c) => c.period}
      />
    </>
  );
}

function Attainment({ value }: { value: string | null }) {
  if (value === null) return <>—</>;
  const width = Math.min(Number(value), 150) / 3;
  return (
    <span data-value={value}>
      <span class={Number(value) >= 100 ? 'bar over' : 'bar'} style={{ width: `${width}px` }} aria-hidden="true" />
      {percent(value)}
    </span>
  );
}
