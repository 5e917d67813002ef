import { count, dateTime, day, money } from '../../format';
import { Route, withQuery } from '../../router';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { Lead, LEAD_STATUSES, LeadStatus, leadsByStatus, listLeads, oneOf } from './partner-api';
import { Choice } from './choice';
import { protection } from './partner-facts';

function ProtectionCell({ lead, now }: { lead: Lead; now: Date }) {
  const state = protection(lead, now);
  return (
    <>
      <span data-value={lead.protectedUntil}>{dateTime(lead.protectedUntil)}</span>
      {state && (
        <span class={state.running ? 'protection running' : 'protection ran-out'}>
          {state.running ? ` · ${state.days} days left` : ' · ran out: due for expiry'}
        </span>
      )}
    </>
  );
}

const columns = (now: Date): Column<Lead>[] => [
  { key: 'leadId', label: 'Lead', cell: (l) => <code>{l.leadId}</code> },
  { key: 'status', label: 'Status', cell: (l) => <span class={`badge lead-${l.status}`}>{l.status}</span> },
  { key: 'customer', label: 'Customer', cell: (l) => l.customer.name },
  { key: 'project', label: 'Project', cell: (l) => l.project },
  { key: 'estimated', label: 'Estimated value', numeric: true, cell: (l) => money(l.estimatedValue.amount, l.estimatedValue.currency) },
  { key: 'registeredAt', label: 'Registered', cell: (l) => day(l.registeredAt) },
  { key: 'protectedUntil', label: 'Protected until', cell: (l) => <ProtectionCell lead={l} now={now} /> },
  { key: 'closedAt', label: 'Closed', cell: (l) => day(l.closedAt) },
  { key: 'won', label: 'Won, net of reversals', numeric: true, cell: (l) => (l.netAmount ? money(l.netAmount.amount, l.netAmount.currency) : '—') },
];

/** The partner's leads, one status or all, a page at a time, with how long each open lead stays protected. */
export function LeadsTab({ partnerId, route }: { partnerId: string; route: Route }) {
  const status = oneOf(LEAD_STATUSES, route.query.get('status'));
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad((signal) => listLeads(partnerId, status, cursor, signal), [partnerId, status, cursor]);
  return (
    <section class="panel" aria-labelledby="leads-heading">
      <h2 id="leads-heading">Leads</h2>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Status" value={status} options={LEAD_STATUSES} any="All statuses" onChoose={(v) => (location.hash = withQuery(route, { status: v, cursor: undefined }))} />
      </form>
      <StatusCounts partnerId={partnerId} route={route} status={status} />
      <Loaded load={load} label="Reading the leads…">
        {(page) => (
          <>
            <Table caption={status ? `Leads ${status}` : 'Leads, every status'} columns={columns(new Date())} rows={page.items} rowKey={(l) => l.leadId} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The partner's leads counted by status, each a link to that status's rows. */
function StatusCounts({ partnerId, route, status }: { partnerId: string; route: Route; status: LeadStatus | undefined }) {
  const load = useLoad((signal) => leadsByStatus(partnerId, signal), [partnerId]);
  return (
    <Loaded load={load} label="Counting the leads by status…">
      {(counts) => (
        <ul class="status-counts" aria-label="Leads by status">
          {LEAD_STATUSES.map((s) => (
            <li key={s}>
              <a href={withQuery(route, { status: s, cursor: undefined })} aria-current={s === status ? 'true' : undefined} data-status={s} data-count={counts[s]}>
                <span class={`badge lead-${s}`}>{s}</span> {count(counts[s])}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Loaded>
  );
}
