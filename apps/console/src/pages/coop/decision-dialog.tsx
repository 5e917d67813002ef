import { useEffect, useRef, useState } from 'preact/hooks';
import { day, money } from '../../format';
import type { Claim } from './coop-data';

export type Decision = { kind: 'approve' } | { kind: 'reject'; reason: string };

/**
 * Asks the admin to confirm a decision on a claim before it is recorded (a modal dialog:
 * Escape or Cancel leaves the claim as it is). A rejection says why: the reason is recorded
 * with it and the partner sees it.
 */
export function DecisionDialog({ claim, kind, busy, onConfirm, onCancel }: {
  claim: Claim;
  kind: Decision['kind'];
  busy: boolean;
  onConfirm: (decision: Decision) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const approving = kind === 'approve';
  const title = approving ? 'Approve this claim?' : 'Reject this claim?';
  return (
    <dialog ref={dialog} class="decision" aria-labelledby="decision-title" onCancel={(e) => { e.preventDefault(); if (!busy) onCancel(); }}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (approving) onConfirm({ kind: 'approve' });
          else if (reason.trim()) onConfirm({ kind: 'reject', reason: reason.trim() });
        }}
      >
        <h2 id="decision-title">{title}</h2>
        <dl class="facts">
          <dt>Claim</dt>
          <dd>{claim.claimId}</dd>
          <dt>Partner</dt>
          <dd>{claim.partnerId}</dd>
          <dt>Activity</dt>
          <dd>{claim.description}</dd>
          <dt>Amount</dt>
          <dd>{money(claim.amount, claim.currency)}</dd>
          <dt>Submitted</dt>
          <dd>{day(claim.submittedAt)}</dd>
        </dl>
        <p class="help">
          {approving
            ? 'The amount is spent from the partner\'s co-op budget. This cannot be undone.'
            : 'The amount is released to the partner\'s co-op budget. This cannot be undone.'}
        </p>
        {!approving && (
          <label class="reason">
            Reason for rejecting
            <textarea required maxLength={500} rows={3} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          </label>
        )}
        <div class="actions">
          <button type="submit" class={approving ? undefined : 'danger'} disabled={busy || (!approving && !reason.trim())}>
            {busy ? 'Recording…' : approving ? 'Approve claim' : 'Reject claim'}
          </button>
          {/* Focus starts on Cancel: a stray Enter does not approve. */}
          <button type="button" class="secondary" disabled={busy} onClick={onCancel} autoFocus={approving}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
