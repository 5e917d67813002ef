import { useMemo } from 'preact/hooks';
import { amount, count, dateTime, day, money, percent } from '../../format';
import { href, Route, withQuery } from '../../router';
import { Chart, ChartOption } from '../../ui/chart';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { Challenge, deliveryShare, getChallenge, getLeaderboard, METRICS, programCurrency, ROLES, Standing } from './challenges-data';

/** One challenge: its terms, who its awards went to by role, and its leaderboard a page at a time. */
export function ChallengeDetail({ route, challengeId }: { route: Route; challengeId: string }) {
  const load = useLoad(async (signal) => {
    const [challenge, currency] = await Promise.all([getChallenge(challengeId, signal), programCurrency(signal)]);
    return { challenge, currency };
  }, [challengeId]);
  return (
    <>
      <p class="help">
        <a href={href('challenges')}>« Every challenge</a>
      </p>
      <Loaded load={load} label="Reading the challenge…">
        {({ challenge, currency }) => (
          <>
            <h1>{challenge.name}</h1>
            <div class="grid two">
              <Terms challenge={challenge} />
              <AwardsByRole challenge={challenge} currency={currency} />
            </div>
            <Leaderboard route={route} challenge={challenge} currency={currency} />
          </>
        )}
      </Loaded>
    </>
  );
}

function Terms({ challenge }: { challenge: Challenge }) {
  return (
    <section class="panel">
      <h2>Terms</h2>
      <dl class="facts">
        <dt>Challenge</dt>
        <dd>
          <code>{challenge.challengeId}</code>
        </dd>
        <dt>Runs</dt>
        <dd>
          {day(challenge.from)} until {day(challenge.to)} (excluded)
        </dd>
        <dt>Ranked by</dt>
        <dd>{METRICS[challenge.metric]}</dd>
        <dt>Eligible roles</dt>
        <dd>{challenge.eligibleRoles.map((r) => ROLES.find((x) => x.role === r)?.label ?? r).join(', ')}</dd>
        <dt>Typologies</dt>
        <dd>{challenge.typologies?.join(', ') ?? 'every typology'}</dd>
        <dt>Advice</dt>
        <dd>{challenge.warnings.length ? <span class="bad">{challenge.warnings.join('; ')}</span> : <span class="ok">none against it</span>}</dd>
      </dl>
    </section>
  );
}

function AwardsByRole({ challenge, currency }: { challenge: Challenge; currency: string }) {
  const option: ChartOption = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      name: 'Value awarded',
      type: 'pie',
      radius: ['40%', '70%'],
      data: ROLES.map(({ role, label }) => ({ name: label, value: amount(challenge.awardsByRole[role].value) })),
    }],
  }), [challenge]);
  const columns: Column<(typeof ROLES)[number]>[] = [
    { key: 'role', label: 'Role', cell: (r) => r.label },
    { key: 'count', label: 'Awards', numeric: true, cell: (r) => count(challenge.awardsByRole[r.role].count) },
    { key: 'value', label: 'Value', numeric: true, cell: (r) => money(challenge.awardsByRole[r.role].value, currency) },
    { key: 'share', label: 'Share of value', numeric: true, cell: (r) => percent(challenge.awardsByRole[r.role].share) },
  ];
  return (
    <section class="panel">
      <h2>Awards by role</h2>
      <p>
        Technical and pre-sales staff received <strong data-value={deliveryShare(challenge) ?? ''}>{percent(deliveryShare(challenge))}</strong> of the value awarded.
      </p>
      <Chart option={option} label={`Value awarded in ${challenge.name} by the role of the person awarded`} height={240} />
      <Table caption="Incentives awarded by role" columns={columns} rows={ROLES} rowKey={(r) => r.role} />
    </section>
  );
}

function Leaderboard({ route, challenge, currency }: { route: Route; challenge: Challenge; currency: string }) {
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad((signal) => getLeaderboard(challenge.challengeId, cursor, signal), [challenge.challengeId, cursor]);
  const figure = (s: Standing) => (challenge.metric === 'revenueWon' ? money(String(s.value), currency) : count(s.value));
  const columns: Column<Standing>[] = [
    { key: 'rank', label: 'Rank', numeric: true, cell: (s) => s.rank },
    { key: 'partner', label: 'Partner', cell: (s) => <a href={href(['partners', s.partnerId])}>{s.partnerId}</a> },
    { key: 'value', label: METRICS[challenge.metric], numeric: true, cell: (s) => <span data-value={String(s.value)}>{figure(s)}</span> },
    { key: 'reachedAt', label: 'Reached at', cell: (s) => dateTime(s.reachedAt) },
    { key: 'awards', label: 'Awards', numeric: true, cell: (s) => count(s.awards.count) },
    { key: 'awarded', label: 'Value awarded', numeric: true, cell: (s) => money(s.awards.value, currency) },
  ];
  return (
    <section class="panel">
      <h2>Leaderboard</h2>
      <Loaded load={load} label="Ranking the partners…">
        {(page) => (
          <>
            <Chart
              label={`${METRICS[challenge.metric]} of the partners ranked on this page of the leaderboard`}
              height={Math.max(160, 40 + 22 * page.items.length)}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 130, right: 30, top: 10, bottom: 30 },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: [...page.items].reverse().map((s) => `${s.rank}. ${s.partnerId}`) },
                series: [{ name: METRICS[challenge.metric], type: 'bar', data: [...page.items].reverse().map((s) => amount(String(s.value))) }],
              }}
            />
            <Table caption={`Leaderboard of ${challenge.name}, by ${METRICS[challenge.metric].toLowerCase()}`} columns={columns} rows={page.items} rowKey={(s) => s.partnerId} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}
