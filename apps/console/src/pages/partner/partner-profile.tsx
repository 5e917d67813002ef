import { count, dateTime, day, money } from '../../format';
import { Route, withQuery } from '../../router';
import { Kpi, Kpis } from '../../ui/kpi';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { Load, useLoad } from '../../ui/use-load';
import { getTier, Partner, PartnerTier } from './partner-api';
import { daysUntil, expiringWithin, HeldCertification, standing } from './partner-facts';
import { Choice } from './choice';
import { TierBadge } from './tier-badge';

/** The windows a person can look ahead by for lapsing certifications. */
const WINDOWS = [30, 90, 180, 365] as const;
const DEFAULT_WINDOW = 90;

type PartnerLoad = Load<Partner> & { reload(): void };

/** The profile: who the partner is, its activity, its loyalty cards, its tier and the certifications behind it. */
export function ProfileTab({ partnerId, partner, route }: { partnerId: string; partner: PartnerLoad; route: Route }) {
  const tier = useLoad((signal) => getTier(partnerId, signal), [partnerId]);
  const asked = Number(route.query.get('within'));
  const within = WINDOWS.find((w) => w === asked) ?? DEFAULT_WINDOW;
  return (
    <>
      <Loaded load={partner} label="Reading the partner…">
        {(p) => (
          <>
            <Activity partner={p} />
            <div class="grid two">
              <Facts partner={p} />
              <SanctionsPanel partner={p} />
            </div>
          </>
        )}
      </Loaded>
      <div class="grid two">
        <section class="panel" aria-labelledby="tier-heading">
          <h2 id="tier-heading">Tier and the certifications behind it</h2>
          <Loaded load={tier} label="Evaluating the tier…">
            {(t) => <TierView tier={t} />}
          </Loaded>
        </section>
        <section class="panel" aria-labelledby="expiring-heading">
          <h2 id="expiring-heading">Certifications expiring soon</h2>
          <form class="controls" onSubmit={(e) => e.preventDefault()}>
            <Choice label="Expiring within" value={within} options={WINDOWS} text={(w) => `${w} days`} onChoose={(v) => (location.hash = withQuery(route, { within: v }))} />
          </form>
          <Loaded load={partner}>
            {(p) => <Expiring certifications={expiringWithin(p.certifiedEngineers, new Date(), within)} within={within} />}
          </Loaded>
        </section>
      </div>
    </>
  );
}

function Facts({ partner: p }: { partner: Partner }) {
  return (
    <section class="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl class="facts">
        <dt>Partner id</dt>
        <dd data-field="partnerId"><code>{p.partnerId}</code></dd>
        <dt>Name</dt>
        <dd data-field="name">{p.name}</dd>
        <dt>Typology</dt>
        <dd data-field="typology">{p.typology}</dd>
        <dt>Territory</dt>
        <dd data-field="territory">{[p.territory.country, p.territory.region].filter(Boolean).join(' · ')}</dd>
        <dt>Registered</dt>
        <dd data-field="registeredAt" data-value={p.registeredAt}>{dateTime(p.registeredAt)}</dd>
        <dt>Tier</dt>
        <dd data-field="tier"><TierBadge tier={p.tier} /></dd>
        <dt>Last activity</dt>
        <dd data-field="lastActivity">{p.lastActivityType} on {day(p.lastActivityAt)}</dd>
      </dl>
    </section>
  );
}

function Activity({ partner: p }: { partner: Partner }) {
  const c = p.counters;
  return (
    <Kpis>
      <Kpi label="Revenue won, net of reversals" value={<span data-value={c.netRevenue}>{money(c.netRevenue, p.currency)}</span>} note={`${money(c.revenueReversed, p.currency)} reversed`} />
      <Kpi label="Leads registered" value={<span data-value={c.leadsRegistered}>{count(c.leadsRegistered)}</span>} />
      <Kpi label="Deals won" value={<span data-value={c.dealsWon}>{count(c.dealsWon)}</span>} note={`${count(c.dealsReversed)} reversed in full`} />
      <Kpi label="Certifications earned" value={<span data-value={c.certificationsEarned}>{count(c.certificationsEarned)}</span>} />
      <Kpi label="Incentives awarded" value={<span data-value={c.incentivesAwarded}>{count(c.incentivesAwarded)}</span>} note={money(c.incentivesValue, p.currency)} />
      <Kpi label="Engagements" value={<span data-value={c.engagements}>{count(c.engagements)}</span>} note={c.averageSatisfaction ? `satisfaction ${c.averageSatisfaction} / 5` : 'none rated'} />
    </Kpis>
  );
}

function SanctionsPanel({ partner: p }: { partner: Partner }) {
  const s = p.sanctions;
  const now = new Date();
  const where = standing(s, now);
  return (
    <section class="panel" aria-labelledby="sanctions-heading">
      <h2 id="sanctions-heading">Sanctions</h2>
      <p class={`standing standing-${where.kind}`} data-standing={where.kind}>
        {where.kind === 'suspended' && `Suspended: may not register leads until ${dateTime(where.until)}`}
        {where.kind === 'warned' && `Yellow card held: a second offence before ${dateTime(where.until)} is a red card`}
        {where.kind === 'served' && `In good standing now${where.suspendedUntil ? `; last suspension ended ${day(where.suspendedUntil)}` : ''}`}
        {where.kind === 'clear' && 'No sanction ever'}
      </p>
      <dl class="facts">
        <dt>Yellow cards</dt>
        <dd data-field="yellowCards">{count(s.yellowCards)}</dd>
        <dt>Red cards</dt>
        <dd data-field="redCards">{count(s.redCards)}</dd>
        <dt>Yellow card window ends</dt>
        <dd data-field="activeYellowUntil">{dateTime(s.activeYellowUntil)}</dd>
        <dt>Suspended until</dt>
        <dd data-field="suspendedUntil">{dateTime(s.suspendedUntil)}</dd>
      </dl>
    </section>
  );
}

/** Rows are keyed by position: engineers' ids are personal data, masked alike ("[personal]") for some roles. */
function TierView({ tier: t }: { tier: PartnerTier }) {
  const lines = [...new Set(t.engineers.flatMap((e) => e.certifications.map((c) => c.productLine)))].sort();
  return (
    <>
      <dl class="facts">
        <dt>Tier recorded</dt>
        <dd data-field="tierRecorded"><TierBadge tier={t.tier} /> since {day(t.since)} (rules version {t.rulesVersion})</dd>
        <dt>Tier the rules in force give now</dt>
        <dd data-field="tierInForce"><TierBadge tier={t.tierInForce} /> (rules version {t.rulesVersionInForce})</dd>
        <dt>Tier in 60 days, none renewed</dt>
        <dd data-field="tierIn60Days"><TierBadge tier={t.tierIn60Days} /></dd>
        <dt>Product lines covered</dt>
        <dd data-field="productLines">{lines.length ? lines.join(', ') : 'none'}</dd>
      </dl>
      {t.tierInForce !== t.tier && (
        <p class="notice">The certifications valid now give {t.tierInForce}, not {t.tier}: the tier changes once the lapses below are recorded or the partner is re-evaluated.</p>
      )}
      <Table
        caption="Engineers holding a valid certification"
        columns={[
          { key: 'engineer', label: 'Engineer', cell: (e) => e.engineerName ?? e.engineerId },
          { key: 'lines', label: 'Product lines (expiry)', cell: (e) => e.certifications.map((c) => `${c.productLine}${c.expiresAt ? ` (${day(c.expiresAt)})` : ''}`).join(', ') },
        ]}
        rows={t.engineers}
        rowKey={(e) => String(t.engineers.indexOf(e))}
      />
      {t.expiringSoon.length > 0 && (
        <Table
          caption="Expiring within 60 days and lowering the tier"
          columns={[
            { key: 'expiresAt', label: 'Expires', cell: (c) => day(c.expiresAt) },
            { key: 'engineer', label: 'Engineer', cell: (c) => c.engineerName ?? c.engineerId },
            { key: 'line', label: 'Product line', cell: (c) => c.productLine },
            { key: 'without', label: 'Tier without it', cell: (c) => <TierBadge tier={c.tierWithout} /> },
          ]}
          rows={t.expiringSoon}
          rowKey={(c) => String(t.expiringSoon.indexOf(c))}
        />
      )}
      {t.lapsedNotYetExpired.length > 0 && (
        <details class="lapsed">
          <summary>{t.lapsedNotYetExpired.length} certifications past their expiry, not yet recorded as expired</summary>
          <ul>
            {t.lapsedNotYetExpired.map((c, i) => (
              <li key={i}>{c.engineerName ?? c.engineerId}: {c.productLine} (expired {day(c.expiresAt)})</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

const expiringColumns = (now: Date): Column<HeldCertification>[] => [
  { key: 'expiresAt', label: 'Expires', cell: (c) => <span data-value={c.expiresAt}>{day(c.expiresAt)}</span> },
  { key: 'in', label: 'In', numeric: true, cell: (c) => `${daysUntil(c.expiresAt, now)} days` },
  { key: 'engineer', label: 'Engineer', cell: (c) => c.engineerName ?? c.engineerId },
  { key: 'line', label: 'Product line', cell: (c) => c.productLine },
];

function Expiring({ certifications, within }: { certifications: HeldCertification[]; within: number }) {
  return (
    <Table
      caption={`Certifications expiring in the next ${within} days, soonest first`}
      columns={expiringColumns(new Date())}
      rows={certifications}
      rowKey={(c) => String(certifications.indexOf(c))}
    />
  );
}
