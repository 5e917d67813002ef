import { useMemo } from 'preact/hooks';
import { amount, count, day, money } from '../../format';
import { Chart, ChartOption } from '../../ui/chart';
import { Kpi, Kpis } from '../../ui/kpi';
import { Loaded } from '../../ui/states';
import { Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { CoopAccount, getCoop } from './partner-api';

/** The partner's co-op budget: what it may still claim, how it got there, and what each activity brought back. */
export function CoopTab({ partnerId }: { partnerId: string }) {
  const load = useLoad((signal) => getCoop(partnerId, signal), [partnerId]);
  return (
    <Loaded load={load} label="Reading the co-op budget…">
      {(account) => <CoopView account={account} />}
    </Loaded>
  );
}

function CoopView({ account: a }: { account: CoopAccount }) {
  const m = (value: string) => <span data-value={value}>{money(value, a.currency)}</span>;
  const chart: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: a.activities.map((x) => x.activity) },
    yAxis: { type: 'value', name: a.currency },
    series: [
      { name: 'Spend (approved claims)', type: 'bar', data: a.activities.map((x) => amount(x.spend)) },
      { name: 'Revenue won, net', type: 'bar', data: a.activities.map((x) => amount(x.revenueWon)) },
    ],
  }), [a]);
  return (
    <>
      <Kpis>
        <Kpi label="Available" value={m(a.available)} note="granted + accrued − clawed back − approved − pending" />
        <Kpi label="Granted" value={m(a.granted)} note={a.launchEndsAt ? `launch ends ${day(a.launchEndsAt)}` : 'no launch grant'} />
        <Kpi label="Accrued" value={m(a.accrued)} />
        <Kpi label="Clawed back" value={m(a.clawedBack)} />
        <Kpi label="Pending" value={m(a.pending)} />
        <Kpi label="Approved" value={m(a.approved)} />
        <Kpi label="Rejected" value={m(a.rejected)} />
      </Kpis>
      <div class="grid two">
        <section class="panel" aria-labelledby="roi-heading">
          <h2 id="roi-heading">Return per activity</h2>
          <Table
            caption="Co-op activities: spend, leads and deals they brought, return on spend"
            columns={[
              { key: 'activity', label: 'Activity', cell: (x) => x.activity },
              { key: 'spend', label: 'Spend', numeric: true, cell: (x) => money(x.spend, a.currency) },
              { key: 'leads', label: 'Leads', numeric: true, cell: (x) => count(x.leadsAttributed) },
              { key: 'deals', label: 'Deals won', numeric: true, cell: (x) => count(x.dealsWon) },
              { key: 'revenue', label: 'Revenue won, net', numeric: true, cell: (x) => money(x.revenueWon, a.currency) },
              { key: 'roi', label: 'ROI', numeric: true, cell: (x) => <span data-value={x.roi ?? ''}>{x.roi === null ? '—' : `${x.roi}×`}</span> },
            ]}
            rows={a.activities}
            rowKey={(x) => x.activity}
          />
        </section>
        <section class="panel" aria-labelledby="roi-chart-heading">
          <h2 id="roi-chart-heading">Spend and revenue by activity</h2>
          <Chart option={chart} label="Approved co-op spend and the net revenue its leads won, by activity" />
        </section>
      </div>
    </>
  );
}
