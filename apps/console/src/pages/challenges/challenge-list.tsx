import { useMemo } from 'preact/hooks';
import { count, day, money, percent } from '../../format';
import { href, Route, withQuery } from '../../router';
import { Chart, ChartOption } from '../../ui/chart';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { awardedCount, awardedValue, Challenge, deliveryShare, listChallenges, METRICS, programCurrency, ROLES } from './challenges-data';
import './challenges.css';

/** Every challenge, a page at a time: who the incentives went to, by role, as a chart and a table. */
export function ChallengeList({ route }: { route: Route }) {
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad(async (signal) => {
    const [page, currency] = await Promise.all([listChallenges(cursor, signal), programCurrency(signal)]);
    return { ...page, currency };
  }, [cursor]);
  return (
    <>
      <h1>Challenges</h1>
      <Loaded load={load} label="Reading the challenges…">
        {(page) => (
          <>
            <section class="panel">
              <h2>Awards by role</h2>
              <p class="help">Each challenge's incentives by the role of the person awarded, as a share of the value awarded: technical and pre-sales staff are those who deliver.</p>
              <AwardsByRoleChart challenges={page.items} />
            </section>
            <section class="panel challenge-list">
              <ChallengeTable challenges={page.items} currency={page.currency} />
              <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}

function AwardsByRoleChart({ challenges }: { challenges: Challenge[] }) {
  const option: ChartOption = useMemo(() => {
    // ECharts draws the first category at the bottom: reversed, the chart reads in the table's order.
    const shown = [...challenges].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)}%` },
      legend: { bottom: 0 },
      grid: { left: 190, right: 30, top: 10, bottom: 50 },
      xAxis: { type: 'value', max: 100, name: '% of value awarded', nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'category', data: shown.map((c) => c.name), axisLabel: { width: 180, overflow: 'truncate' } },
      series: ROLES.map(({ role, label }) => ({
        name: label,
        type: 'bar',
        stack: 'share',
        data: shown.map((c) => Number(c.awardsByRole[role].share ?? 0)),
      })),
    };
  }, [challenges]);
  return <Chart option={option} label="Share of each challenge's awards going to sales, pre-sales and technical staff" height={80 + 24 * challenges.length} />;
}

function ChallengeTable({ challenges, currency }: { challenges: Challenge[]; currency: string }) {
  const columns: Column<Challenge>[] = [
    { key: 'name', label: 'Challenge', cell: (c) => <a href={href(['challenges', c.challengeId])}>{c.name}</a> },
    { key: 'from', label: 'From', cell: (c) => day(c.from) },
    { key: 'to', label: 'Until (excluded)', cell: (c) => day(c.to) },
    { key: 'metric', label: 'Ranked by', cell: (c) => METRICS[c.metric] },
    { key: 'roles', label: 'Eligible roles', cell: (c) => c.eligibleRoles.map((r) => ROLES.find((x) => x.role === r)?.label ?? r).join(', ') },
    { key: 'awards', label: 'Awards', numeric: true, cell: (c) => count(awardedCount(c)) },
    { key: 'value', label: 'Value awarded', numeric: true, cell: (c) => money(awardedValue(c), currency) },
    { key: 'delivery', label: 'Technical + pre-sales share', numeric: true, cell: (c) => <span data-value={deliveryShare(c) ?? ''}>{percent(deliveryShare(c))}</span> },
    { key: 'warnings', label: 'Advice', cell: (c) => (c.warnings.length ? <span class="bad">{c.warnings.join('; ')}</span> : '—') },
  ];
  return <Table caption="Challenges, the latest to start first" columns={columns} rows={challenges} rowKey={(c) => c.challengeId} />;
}
