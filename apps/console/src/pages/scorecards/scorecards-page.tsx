import { withQuery } from '../../router';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { latestMonth } from '../overview/overview-data';
import type { PageProps } from '../registry';
import { Field } from './field';
import { ExportCsv } from './export-csv';
import { periodLabel } from './period';
import { PeriodPicker } from './period-picker';
import { RollupPanel } from './rollup-panel';
import { allRollups, expectedCount, groupKey, rankedByAttainment, RollupGroup, scorecardPage } from './scorecards-data';
import { ScorecardsTable } from './scorecards-table';
import { PAGE_SIZES, ScorecardsView, TIERS, TYPOLOGIES, viewOf } from './scorecards-view';
import { SortPicker } from './sort-picker';
import './scorecards.css';

type Changes = Record<string, string | number | undefined>;

/**
 * A period's scorecards: the table (filters, order, pages, attainment bars), its roll-ups, and
 * its export. Everything the view shows is in the address, so a shared link opens the same view.
 */
export function ScorecardsPage({ route }: PageProps) {
  const view = viewOf(route.query);
  const latest = useLoad((signal) => latestMonth(signal), []);
  // A new filter or order starts again at the first page: a cursor belongs to the order it was given in.
  const go = (changes: Changes) => {
    location.hash = withQuery(route, { cursor: undefined, ...changes });
  };
  return (
    <>
      <h1>Scorecards</h1>
      <Loaded load={latest} label="Finding the latest month…">
        {(month) => <ScorecardsOf view={view} period={view.period ?? month} latest={month} go={go} linkTo={(changes) => withQuery(route, changes)} />}
      </Loaded>
    </>
  );
}

function ScorecardsOf({ view, period, latest, go, linkTo }: { view: ScorecardsView; period: string; latest: string; go: (changes: Changes) => void; linkTo: (changes: Changes) => string }) {
  const name = periodLabel(period);
  const rollups = useLoad((signal) => allRollups(period, signal), [period]);
  const page = useLoad((signal) => scorecardPage(view, period, signal), [period, view.typology, view.tier, view.country, view.region, view.sort, view.limit, view.cursor]);
  const keysOf = (by: 'country' | 'region', current?: string) => {
    const known = rollups.data?.[by].map((g) => groupKey(g, by)).filter((k): k is string => k !== null) ?? [];
    return current && !known.includes(current) ? [current, ...known] : known;
  };
  // A group of the roll-up opens the table filtered to it alone.
  const filterHref = (group: RollupGroup) => {
    const key = groupKey(group, view.groupBy);
    return key === null ? undefined : linkTo({ typology: undefined, tier: undefined, country: undefined, region: undefined, cursor: undefined, [view.groupBy]: key });
  };

  return (
    <>
      <form class="controls" aria-label="Which scorecards" onSubmit={(e) => e.preventDefault()}>
        <PeriodPicker period={period} latest={latest} onPick={(p) => go({ period: p })} />
        <Select label="Typology" value={view.typology} options={TYPOLOGIES} onChange={(typology) => go({ typology })} />
        <Select label="Tier" value={view.tier} options={TIERS} onChange={(tier) => go({ tier })} />
        <Select label="Country" value={view.country} options={keysOf('country', view.country)} onChange={(country) => go({ country })} />
        <Select label="Region" value={view.region} options={keysOf('region', view.region)} onChange={(region) => go({ region })} />
        <SortPicker sort={view.sort} onSort={(sort) => go({ sort })} />
        <Field label="Per page">
          {(id) => (
            <select id={id} value={String(view.limit)} onChange={(e) => go({ limit: (e.target as HTMLSelectElement).value })}>
              {PAGE_SIZES.map((size) => (
                <option key={size} value={String(size)}>
                  {size}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ExportCsv view={view} period={period} expected={rollups.data && expectedCount(view, rollups.data)} />
      </form>

      <section class="panel" aria-labelledby="table-heading">
        <h2 id="table-heading">Partners, {name}</h2>
        <p class="help">
          {rankedByAttainment(view)
            ? 'Ranked by attainment: every partner registered by the end of the period, those without a target last.'
            : 'Ranked by a figure: the partners that recorded something in the period (rank by attainment to see every partner).'}
        </p>
        <Loaded load={page} label="Reading the scorecards…">
          {(p) => (
            <>
              <ScorecardsTable caption={`Scorecards of ${name}${describeFilters(view)}`} cards={p.items} sort={view.sort} onSort={(sort) => go({ sort })} />
              <Pager cursor={view.cursor} nextCursor={p.nextCursor} count={p.items.length} hrefFor={(cursor) => linkTo({ cursor })} />
            </>
          )}
        </Loaded>
      </section>

      <Loaded load={rollups} label="Summing the period's scorecards…">
        {(r) => <RollupPanel groups={r[view.groupBy]} by={view.groupBy} periodName={name} byHref={(groupBy) => linkTo({ groupBy })} filterHref={filterHref} />}
      </Loaded>
    </>
  );
}

function describeFilters(view: ScorecardsView): string {
  const parts = (['typology', 'tier', 'country', 'region'] as const).flatMap((f) => (view[f] ? [`${f} ${view[f]}`] : []));
  return parts.length ? `, ${parts.join(', ')}` : '';
}

function Select<T extends string>({ label, value, options, onChange }: { label: string; value?: T; options: readonly T[]; onChange: (value: T | undefined) => void }) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(((e.target as HTMLSelectElement).value || undefined) as T | undefined)}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
