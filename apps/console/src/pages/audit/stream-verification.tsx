import { useState } from 'preact/hooks';
import type { Schema } from '../../api/types';
import { count } from '../../format';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { verifyStream } from './audit-data';
import { useBringIntoView } from './bring-into-view';

type Verification = Schema<'StreamVerificationResponse'>;

const PROBLEMS = {
  hash: "its stored hash is not the hash of what it records: its content was edited",
  prevHash: 'it does not link to the event before it: an earlier event was edited, removed or inserted',
} as const;

/** Recomputes one stream's hash chain (GET /audit/streams/{streamId}/verify). */
export function StreamVerificationPanel({ streamId, go }: { streamId?: string; go: (streamId: string) => void }) {
  const [input, setInput] = useState(streamId ?? '');
  const heading = useBringIntoView<HTMLHeadingElement>(streamId);
  return (
    <section class="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading" ref={heading} tabIndex={-1}>Verify a stream's chain</h2>
      <form class="controls" onSubmit={(e) => { e.preventDefault(); if (input.trim()) go(input.trim()); }}>
        <label>
          Stream id
          <input name="streamId" required value={input} placeholder="partner-acme" onInput={(e) => setInput((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Verify</button>
      </form>
      {streamId && <Verified key={streamId} streamId={streamId} />}
    </section>
  );
}

function Verified({ streamId }: { streamId: string }) {
  const load = useLoad((signal) => verifyStream(streamId, signal), [streamId]);
  return (
    <Loaded load={load} label={`Recomputing the chain of ${streamId}…`}>
      {(v) => <VerificationView v={v} />}
    </Loaded>
  );
}

function VerificationView({ v }: { v: Verification }) {
  const broken = v.firstBroken;
  return (
    <div class={`verdict ${v.verified ? 'verified' : 'broken'}`} data-verified={String(v.verified)}>
      <p class={v.verified ? 'ok' : 'bad'}>
        <span aria-hidden="true">{v.verified ? '✔ ' : '✘ '}</span>
        {v.verified ? `${v.streamId}: verified, every link holds` : `${v.streamId}: broken`}
      </p>
      <dl class="facts">
        <dt>Events</dt>
        <dd>{count(v.events)} ({count(v.chainedEvents)} carrying their hash, {count(v.legacyEvents)} recorded before the chain)</dd>
        <dt>Last chain value</dt>
        <dd><code class="digest">{v.lastHash ?? '—'}</code></dd>
        {broken && (
          <>
            <dt>First broken link</dt>
            <dd>revision {broken.revision} (position {broken.position}), event <code>{broken.eventId}</code>: {PROBLEMS[broken.problem]}</dd>
            <dt>Expected</dt>
            <dd><code class="digest">{broken.expectedHash ?? '—'}</code></dd>
            <dt>Stored</dt>
            <dd><code class="digest">{broken.storedHash ?? '—'}</code></dd>
          </>
        )}
      </dl>
    </div>
  );
}
