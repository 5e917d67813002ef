import { useState } from 'preact/hooks';
import { count, dateTime, day } from '../../format';
import { href, Route, withQuery } from '../../router';
import { Chart } from '../../ui/chart';
import { Kpi, Kpis } from '../../ui/kpi';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import { AtRisk, FallingTier, getAtRisk, questionOf, QuietPartner, RiskQuestion } from './at-risk-data';

const ACTIVITY: Record<QuietPartner['lastActivityType'], string> = {
  PartnerRegistered: 'Registered (nothing since)',
  LeadRegistered: 'Lead registered',
  DealWon: 'Deal won',
  CertificationEarned: 'Certification earned',
  EngagementRecorded: 'Engagement recorded',
};

const tier = (name: string) => <span class={`badge tier-${name}`}>{name}</span>;
const partnerLink = (p: { partnerId: string; name: string }) => <a href={href(['partners', p.partnerId])}>{p.name}</a>;

/** Partners gone quiet and tiers that expiring certifications are about to lower: whom to call first. */
export function AtRiskPage({ route }: PageProps) {
  const question = questionOf(route.query);
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad((signal) => getAtRisk(question, cursor, signal), [question.days, question.asOf, cursor]);
  return (
    <>
      <h1>At risk</h1>
      <QuestionForm key={`${question.days}/${question.asOf}`} route={route} question={question} />
      <Loaded load={load} label="Judging every partner's activity…">
        {(answer) => <AtRiskView route={route} answer={answer} cursor={cursor} />}
      </Loaded>
    </>
  );
}

function QuestionForm({ route, question }: { route: Route; question: RiskQuestion }) {
  const [days, setDays] = useState(question.days === undefined ? '' : String(question.days));
  const [asOf, setAsOf] = useState(question.asOf ?? '');
  return (
    <form
      class="controls"
      aria-label="Risk judged"
      onSubmit={(e) => {
        e.preventDefault();
        location.hash = withQuery(route, { days, asOf, cursor: undefined });
      }}
    >
      <label>
        Quiet for at least (days)
        <input type="number" name="days" min={1} max={3650} step={1} value={days} placeholder="the program's" onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        As of (start of the day, UTC)
        <input type="date" name="asOf" value={asOf} onInput={(e) => setAsOf((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function AtRiskView({ route, answer, cursor }: { route: Route; answer: AtRisk; cursor: string | undefined }) {
  const quiet: Column<QuietPartner>[] = [
    { key: 'name', label: 'Partner', cell: partnerLink },
    { key: 'typology', label: 'Typology', cell: (p) => p.typology },
    { key: 'country', label: 'Country', cell: (p) => p.country },
    { key: 'tier', label: 'Tier', cell: (p) => tier(p.tier) },
    { key: 'last', label: 'Last activity', cell: (p) => ACTIVITY[p.lastActivityType] ?? p.lastActivityType },
    { key: 'at', label: 'On', cell: (p) => day(p.lastActivityAt) },
    { key: 'days', label: 'Days quiet', numeric: true, cell: (p) => <span data-value={p.daysSinceLastActivity}>{count(p.daysSinceLastActivity)}</span> },
  ];
  const falling: Column<FallingTier>[] = [
    { key: 'name', label: 'Partner', cell: partnerLink },
    { key: 'tier', label: 'Tier', cell: (t) => tier(t.tier) },
    { key: 'becomes', label: 'Would become', cell: (t) => tier(t.wouldBecome) },
    { key: 'at', label: 'Falls on', cell: (t) => day(t.at) },
    { key: 'expiring', label: 'Certifications expiring', cell: (t) => t.expiring.map((e) => `${e.productLine} ${day(e.expiresAt)}`).join(', ') },
  ];
  return (
    <>
      <Kpis>
        <Kpi label="Quiet period" value={<span data-value={answer.days}>{count(answer.days)} days</span>} note={`judged at ${dateTime(answer.asOf)}`} />
        <Kpi label="Quiet partners on this page" value={count(answer.items.length)} note={answer.nextCursor ? 'more on the next pages' : 'all of them'} />
        <Kpi label="Tiers about to fall" value={<span data-value={answer.tierAtRisk.length}>{count(answer.tierAtRisk.length)}</span>} note="within 60 days, certifications expiring" />
      </Kpis>
      <section class="panel">
        <h2>Quiet partners</h2>
        <QuietChart partners={answer.items} />
        <Table caption={`Partners with no lead, deal, certification or engagement for ${answer.days} days, the quietest first`} columns={quiet} rows={answer.items} rowKey={(p) => p.partnerId} />
        <Pager cursor={cursor} nextCursor={answer.nextCursor} count={answer.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
      </section>
      <section class="panel">
        <h2>Tiers about to fall</h2>
        <Table caption="Partners whose tier would fall as certifications expire, the soonest first" columns={falling} rows={answer.tierAtRisk} rowKey={(t) => t.partnerId} />
      </section>
    </>
  );
}

/** Days quiet of the partners on this page, the quietest on top: who has been silent longest, at a glance. */
function QuietChart({ partners }: { partners: QuietPartner[] }) {
  const shown = [...partners].reverse();
  return (
    <Chart
      label="Days since each quiet partner's last activity, the quietest first"
      height={Math.max(160, 40 + 20 * partners.length)}
      option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 160, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: 'days', nameLocation: 'end' },
        yAxis: { type: 'category', data: shown.map((p) => p.name), axisLabel: { width: 150, overflow: 'truncate' } },
        series: [{ name: 'Days quiet', type: 'bar', data: shown.map((p) => p.daysSinceLastActivity) }],
      }}
    />
  );
}
