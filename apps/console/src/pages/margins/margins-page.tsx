import { useMemo, useState } from 'preact/hooks';
import { day, monthLabel } from '../../format';
import { Route, withQuery } from '../../router';
import { Chart, ChartOption, PALETTE } from '../../ui/chart';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import { AlertsPanel, WorstPanel } from './margin-tables';
import { defaultRange, DriftMonth, driftByLine, getProgram, isMonth, MAX_DRIFT_MONTHS, minimumOf, MonthRange, monthsIn, Program } from './margins-data';
import './margins.css';

/** Margins against the guaranteed minimum: the drift of each product line, the lines sold below it, the worst partners and products. */
export function MarginsPage({ route }: PageProps) {
  const from = route.query.get('from');
  const through = route.query.get('through');
  // A range from the address that is not one (a month missing, or the wrong way round) gives way to the default.
  const asked = isMonth(from) && isMonth(through) && from <= through ? { from, through } : undefined;
  const range = useLoad((signal) => (asked ? Promise.resolve(asked) : defaultRange(signal)), [asked?.from, asked?.through]);
  return (
    <>
      <h1>Margins</h1>
      <Loaded load={range} label="Finding the months sold in…">
        {(r) => <MarginsOver key={`${r.from}/${r.through}`} route={route} range={r} />}
      </Loaded>
    </>
  );
}

function MarginsOver({ route, range }: { route: Route; range: MonthRange }) {
  const program = useLoad(getProgram, []);
  return (
    <>
      <RangeForm route={route} range={range} />
      <Loaded load={program} label="Reading the program's minimum margins…">
        {(p) => (
          <>
            <DriftPanel program={p} range={range} />
            <AlertsPanel route={route} range={range} currency={p.currency} />
            <WorstPanel route={route} range={range} currency={p.currency} groupBy="partner" />
            <WorstPanel route={route} range={range} currency={p.currency} groupBy="product" />
          </>
        )}
      </Loaded>
    </>
  );
}

/** Both months included; applying the range starts every table at its first page. */
function RangeForm({ route, range }: { route: Route; range: MonthRange }) {
  const [from, setFrom] = useState(range.from);
  const [through, setThrough] = useState(range.through);
  const [problem, setProblem] = useState<string>();
  return (
    <form
      class="controls"
      aria-label="Months shown"
      onSubmit={(e) => {
        e.preventDefault();
        if (!isMonth(from) || !isMonth(through)) return setProblem('Pick both months.');
        if (from > through) return setProblem('The first month comes after the last one.');
        setProblem(undefined);
        location.hash = withQuery(route, { from, through, alerts: undefined, partners: undefined, products: undefined });
      }}
    >
      <label>
        From
        <input type="month" name="from" value={from} required onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Through
        <input type="month" name="through" value={through} required onInput={(e) => setThrough((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Show these months</button>
      {problem && <p class="error" role="alert">{problem}</p>}
    </form>
  );
}

function DriftPanel({ program, range }: { program: Program; range: MonthRange }) {
  const drift = useLoad((signal) => driftByLine(program, range, signal), [program, range.from, range.through]);
  const clipped = monthsIn(range) > MAX_DRIFT_MONTHS;
  return (
    <section class="panel">
      <h2>Margin rate by product line, against the guaranteed minimum</h2>
      <p class="help">
        Each month's margin rate (line), the share of revenue sold below the minimum (bars), and the minimum of the rules in force now (dashed: version {program.version}
        {program.version > 1 ? `, in force since ${day(program.effectiveFrom)}` : ''}; a month before then was judged by the minimums of its time, as the alerts say).
        {clipped && ` The charts show the last ${MAX_DRIFT_MONTHS} months of the range.`}
      </p>
      <Loaded load={drift} label="Reading each line's months…">
        {(lines) => (
          <div class="grid three">
            {lines.map((line, i) => (
              <LineDrift key={line.productLine} productLine={line.productLine} months={line.months} program={program} color={PALETTE[i % PALETTE.length]} />
            ))}
          </div>
        )}
      </Loaded>
    </section>
  );
}

function LineDrift({ productLine, months, program, color }: { productLine: string; months: DriftMonth[]; program: Program; color: string }) {
  const { minimum, products } = minimumOf(program, productLine);
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { bottom: 0, itemWidth: 14 },
    grid: { left: 45, right: 15, top: 20, bottom: 55 },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month)) },
    yAxis: { type: 'value', name: '%', min: 0 },
    series: [
      { name: 'Below minimum', type: 'bar', itemStyle: { color: '#e8b4b0' }, data: months.map((m) => (m.shareBelowMinimum === null ? null : Number(m.shareBelowMinimum))) },
      {
        name: 'Margin rate',
        type: 'line',
        itemStyle: { color },
        connectNulls: false,
        data: months.map((m) => (m.marginRate === null ? null : Number(m.marginRate))),
        markLine: minimum === null ? undefined : {
          symbol: 'none',
          lineStyle: { color: '#b3261e', type: 'dashed', width: 2 },
          label: { formatter: `minimum ${minimum}%`, position: 'insideEndTop' },
          data: [{ yAxis: minimum, name: 'Guaranteed minimum' }],
        },
      },
    ],
  }), [months, minimum, color]);
  const own = Object.entries(products);
  return (
    <figure class="margin-line" data-line={productLine} data-minimum={minimum ?? ''}>
      <figcaption>
        <strong>{productLine}</strong> {minimum === null ? '(no minimum)' : `minimum ${minimum}%`}
        {own.length > 0 && <span class="help"> ({own.map(([product, rate]) => `${product} ${rate}%`).join(', ')})</span>}
      </figcaption>
      <Chart option={option} label={`Margin rate of ${productLine} by month against its guaranteed minimum${minimum === null ? '' : ` of ${minimum}%`}`} height={240} />
    </figure>
  );
}
