import { useEffect, useRef, useState } from 'preact/hooks';
import { count, day, money } from '../../format';
import { href, Route, withQuery } from '../../router';
import { wrote } from '../../ui/freshness';
import { Pager } from '../../ui/pager';
import { explain, Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import { Claim, CLAIM_STATUSES, ClaimStatus, decide, loadClaims, nameOf } from './coop-data';
import { Decision, DecisionDialog } from './decision-dialog';

type Outcome = { ok: true; text: string } | { ok: false; title: string; detail: string };

/** A fresh key for each decision the admin opens: sent again, the same decision is recorded once. */
function decisionKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The claims, those waiting for approval first; an admin approves or rejects each after a
 * confirmation, then the list is read again at least at the decision's position, so the
 * decided claim has left the waiting list.
 */
export function ClaimsPanel({ route, admin, revision, onDecided }: { route: Route; admin: boolean; revision: number; onDecided: () => void }) {
  const requested = route.query.get('status');
  const status = (CLAIM_STATUSES.find((s) => s.value === requested)?.value ?? 'pending') as ClaimStatus | 'all';
  const partnerId = route.query.get('partner') || undefined;
  const cursor = route.query.get('cursor') ?? undefined;
  const claims = useLoad((signal) => loadClaims({ status, partnerId }, cursor, signal), [status, partnerId, cursor, revision]);
  const [deciding, setDeciding] = useState<{ claim: Claim; kind: Decision['kind']; key: string }>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const confirm = async (decision: Decision) => {
    if (!deciding) return;
    const { claim, key } = deciding;
    setBusy(true);
    try {
      const result = await decide(claim.claimId, decision, key);
      wrote(result.position);
      const what = decision.kind === 'approve' ? 'approved' : 'rejected';
      setOutcome({ ok: true, text: `Claim ${claim.claimId} of ${claim.partnerId} (${money(claim.amount, claim.currency)}) ${what}.` });
    } catch (error) {
      const { title, detail } = explain(error);
      setOutcome({ ok: false, title: `Claim ${claim.claimId} was not ${decision.kind === 'approve' ? 'approved' : 'rejected'}: ${title}`, detail });
    } finally {
      setBusy(false);
      setDeciding(undefined);
      // Read again either way: a refusal often means someone else decided it meanwhile.
      onDecided();
    }
  };

  const columns: Column<Claim>[] = [
    { key: 'claimId', label: 'Claim', cell: (c) => <span class="id">{c.claimId}</span> },
    { key: 'partnerId', label: 'Partner', cell: (c) => <a class="id" href={href(['partners', c.partnerId])}>{c.partnerId}</a> },
    { key: 'partner', label: 'Typology, tier', cell: (c) => <>{nameOf(c.typology)} <span class={`badge tier-${c.tier}`}>{nameOf(c.tier)}</span></> },
    { key: 'activity', label: 'Activity', cell: (c) => <span class="activity"><strong>{nameOf(c.activity)}</strong> <span class="help">{c.description}</span></span> },
    { key: 'amount', label: 'Amount', numeric: true, cell: (c) => <span data-value={c.amount}>{money(c.amount, c.currency)}</span> },
    { key: 'submittedAt', label: 'Submitted', cell: (c) => day(c.submittedAt) },
    { key: 'returns', label: 'Leads / deals', numeric: true, cell: (c) => `${count(c.leadsAttributed)} / ${count(c.dealsWon)}` },
    { key: 'status', label: 'Status', cell: (c) => <ClaimStatusCell claim={c} /> },
  ];
  if (admin) columns.push({
    key: 'decide',
    label: 'Decision',
    cell: (c) => c.status === 'pending' && (
      <span class="claim-actions">
        <button type="button" aria-label={`Approve claim ${c.claimId}`} onClick={() => setDeciding({ claim: c, kind: 'approve', key: decisionKey() })}>
          Approve
        </button>
        <button type="button" class="danger" aria-label={`Reject claim ${c.claimId}`} onClick={() => setDeciding({ claim: c, kind: 'reject', key: decisionKey() })}>
          Reject
        </button>
      </span>
    ),
  });

  const statusLabel = CLAIM_STATUSES.find((s) => s.value === status)!.label;
  return (
    <section class="panel coop-claims" aria-labelledby="claims-title">
      <h2 id="claims-title">Claims</h2>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => { location.hash = withQuery(route, { status: (e.target as HTMLSelectElement).value, cursor: undefined }); }}>
            {CLAIM_STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Partner
          <input
            type="search"
            value={partnerId ?? ''}
            placeholder="every partner"
            onChange={(e) => { location.hash = withQuery(route, { partner: (e.target as HTMLInputElement).value.trim() || undefined, cursor: undefined }); }}
          />
        </label>
      </form>
      {outcome && <OutcomeNotice outcome={outcome} onDismiss={() => setOutcome(undefined)} />}
      <Loaded load={claims} label="Reading the claims…">
        {(page) => (
          <>
            <Table caption={`Co-op claims${partnerId ? ` of ${partnerId}` : ''}: ${statusLabel.toLowerCase()}, oldest first`} columns={columns} rows={page.items} rowKey={(c) => c.claimId} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(next) => withQuery(route, { cursor: next })} />
          </>
        )}
      </Loaded>
      {deciding && <DecisionDialog claim={deciding.claim} kind={deciding.kind} busy={busy} onConfirm={(d) => void confirm(d)} onCancel={() => setDeciding(undefined)} />}
    </section>
  );
}

function ClaimStatusCell({ claim }: { claim: Claim }) {
  if (claim.status === 'pending') return <span class="badge claim-pending">Waiting</span>;
  return (
    <>
      <span class={`badge claim-${claim.status}`}>{nameOf(claim.status)}</span>
      {claim.decidedAt && <span class="help"> {day(claim.decidedAt)}</span>}
      {claim.reason && <span class="help"> — {claim.reason}</span>}
    </>
  );
}

/** The decision's result or refusal, focused so that a screen reader says it and the keyboard starts there. */
function OutcomeNotice({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => element.current?.focus(), [outcome]);
  return (
    <div ref={element} tabIndex={-1} class={outcome.ok ? 'notice decided' : 'failure'} role={outcome.ok ? 'status' : 'alert'}>
      {outcome.ok ? <span class="ok">{outcome.text}</span> : (
        <>
          <strong>{outcome.title}</strong>
          <p>{outcome.detail}</p>
        </>
      )}{' '}
      <button type="button" class="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
