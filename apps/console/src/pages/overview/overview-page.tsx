import { useMemo } from 'preact/hooks';
import { amount, count, money, monthLabel } from '../../format';
import { navigate, withQuery } from '../../router';
import { Chart, ChartOption } from '../../ui/chart';
import { Kpi, Kpis } from '../../ui/kpi';
import { MonthInput } from '../../ui/month-input';
import { Loaded, Loading } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import { ATTAINMENT_BUCKETS, attainmentDistribution, latestMonth, loadMonth, loadMonths, MonthFigures, MonthOverview, rollup } from './overview-data';

const SPANS = [12, 24] as const;

/** The program at a glance: a month's key figures, the months before it, partners by tier and typology, attainment. */
export function OverviewPage({ route }: PageProps) {
  const requested = route.query.get('through') ?? undefined;
  const span = Number(route.query.get('months')) === 24 ? 24 : 12;
  const through = useLoad((signal) => (requested ? Promise.resolve(requested) : latestMonth(signal)), [requested]);
  return (
    <>
      <h1>Overview</h1>
      <Loaded load={through} label="Finding the latest month…">
        {(month) => <OverviewOf month={month} span={span} routeHref={(changes) => withQuery(route, changes)} />}
      </Loaded>
    </>
  );
}

function OverviewOf({ month, span, routeHref }: { month: string; span: number; routeHref: (changes: Record<string, string | number>) => string }) {
  // The month's tiles come from one roll-up and paint first; the panels behind them ask only
  // then, so their dozen roll-ups do not queue in front of it.
  const figures = useLoad((signal) => loadMonth(month, signal), [month]);
  const later = figures.status !== 'loading';
  return (
    <>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Month{' '}
          <MonthInput value={month} onPick={(v) => (location.hash = routeHref({ through: v }))} />
        </label>
        <fieldset class="segmented">
          <legend>History</legend>
          {SPANS.map((s) => (
            <a key={s} href={routeHref({ months: s, through: month })} aria-current={s === span ? 'true' : undefined}>
              {s} months
            </a>
          ))}
        </fieldset>
      </form>
      <Loaded load={figures} label="Summing the month's scorecards…">
        {(data) => <MonthTiles data={data} />}
      </Loaded>
      <div class="grid two">
        <section class="panel wide">
          <h2>The last {span} months</h2>
          <Loaded load={figures} label={`Summing ${span} months of scorecards…`}>{(data) => <MonthsPanel last={data.figures} span={span} currency={data.currency} />}</Loaded>
        </section>
        <section class="panel">
          <h2>Partners by tier</h2>
          <Loaded load={figures}>{(data) => <TierChart data={data} />}</Loaded>
        </section>
        {later ? <PartnersByTypology month={month} /> : <PanelWaiting title="Partners by typology" />}
        {later ? <AttainmentPanel month={month} /> : <PanelWaiting title={`Revenue attainment, ${monthLabel(month)}`} />}
      </div>
    </>
  );
}

function PanelWaiting({ title }: { title: string }) {
  return (
    <section class="panel">
      <h2>{title}</h2>
      <Loading />
    </section>
  );
}

function MonthsPanel({ last, span, currency }: { last: MonthFigures; span: number; currency: string }) {
  const months = useLoad((signal) => loadMonths(last, span, signal), [last, span]);
  return (
    <Loaded load={months} label={`Summing ${span} months of scorecards…`}>
      {(data) => <MonthsChart months={data} currency={currency} />}
    </Loaded>
  );
}

function MonthTiles({ data }: { data: MonthOverview }) {
  const last = data.figures;
  return (
    <>
      <h2>{monthLabel(last.month)}</h2>
      <Kpis>
        <Kpi label="Revenue won, net of reversals" value={<span data-value={last.netRevenue}>{money(last.netRevenue, data.currency)}</span>} note={`${money(last.revenueReversed, data.currency)} reversed`} />
        <Kpi label="Deals won" value={<span data-value={last.dealsWon}>{count(last.dealsWon)}</span>} />
        <Kpi label="Leads registered" value={<span data-value={last.leadsRegistered}>{count(last.leadsRegistered)}</span>} />
        <Kpi label="Certifications earned" value={<span data-value={last.certificationsEarned}>{count(last.certificationsEarned)}</span>} />
        <Kpi label="Incentives awarded" value={<span data-value={last.incentivesAwarded}>{count(last.incentivesAwarded)}</span>} note={<span data-value={last.incentivesValue}>{money(last.incentivesValue, data.currency)}</span>} />
        <Kpi label="Partners" value={<span data-value={last.partners}>{count(last.partners)}</span>} />
      </Kpis>
    </>
  );
}

const TIER_COLOURS: Record<string, string> = { none: '#8a96a3', silver: '#5f6b7a', gold: '#c79100', platinum: '#3d3d5c' };

function TierChart({ data }: { data: MonthOverview }) {
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ name: 'Partners by tier', type: 'pie', radius: ['40%', '70%'], data: data.byTier.map((t) => ({ name: t.tier ?? 'none', value: t.partners, itemStyle: { color: TIER_COLOURS[t.tier ?? 'none'] } })) }],
  }), [data]);
  return <Chart option={option} label={`Partners by tier in ${monthLabel(data.figures.month)}`} />;
}

function MonthsChart({ months, currency }: { months: MonthFigures[]; currency: string }) {
  const labels = months.map((m) => monthLabel(m.month));
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 60, right: 50, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: labels },
    yAxis: [{ type: 'value', name: currency }, { type: 'value', name: 'count' }],
    series: [
      { name: 'Revenue won, net', type: 'bar', data: months.map((m) => amount(m.netRevenue)) },
      { name: 'Deals won', type: 'line', yAxisIndex: 1, data: months.map((m) => m.dealsWon) },
      { name: 'Leads registered', type: 'line', yAxisIndex: 1, data: months.map((m) => m.leadsRegistered) },
      { name: 'Certifications', type: 'line', yAxisIndex: 1, data: months.map((m) => m.certificationsEarned) },
      { name: 'Incentives', type: 'line', yAxisIndex: 1, data: months.map((m) => m.incentivesAwarded) },
    ],
  }), [months, currency]);
  return <Chart option={option} label={`Revenue won, deals, leads, certifications and incentives by month, ${labels[0]} to ${labels[labels.length - 1]}`} height={320} />;
}

function PartnersByTypology({ month }: { month: string }) {
  const load = useLoad((signal) => rollup(month, 'typology', signal), [month]);
  return (
    <section class="panel">
      <h2>Partners by typology</h2>
      <Loaded load={load}>
        {(r) => (
          <Chart
            label={`Partners by typology in ${monthLabel(month)}`}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 90, right: 20, top: 10, bottom: 30 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: r.items.map((i) => i.typology ?? '') },
              series: [{ name: 'Partners', type: 'bar', data: r.items.map((i) => i.partners) }],
            }}
          />
        )}
      </Loaded>
    </section>
  );
}

function AttainmentPanel({ month }: { month: string }) {
  const load = useLoad((signal) => attainmentDistribution(month, signal), [month]);
  return (
    <section class="panel">
      <h2>Revenue attainment, {monthLabel(month)}</h2>
      <Loaded load={load} label="Reading every partner's scorecard…">
        {(counts) => (
          <Chart
            label={`How many partners reached what share of their revenue target in ${monthLabel(month)}`}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 50, right: 20, top: 30, bottom: 40 },
              xAxis: { type: 'category', data: [...ATTAINMENT_BUCKETS] },
              yAxis: { type: 'value', name: 'partners' },
              series: [{ name: 'Partners', type: 'bar', data: ATTAINMENT_BUCKETS.map((b) => counts[b]) }],
            }}
          />
        )}
      </Loaded>
      <p class="help">
        <a href="#/scorecards" onClick={(e) => { e.preventDefault(); navigate('scorecards', { period: month, sort: '-attainment.revenueWon' }); }}>
          The partners behind it, ranked
        </a>
      </p>
    </section>
  );
}
