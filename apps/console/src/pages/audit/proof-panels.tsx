import { useState } from 'preact/hooks';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { consistencyProof, inclusionProof } from './audit-data';
import { useBringIntoView } from './bring-into-view';
import { ProofView } from './proof-view';

type Go = (values: Record<string, string | undefined>) => void;

const SIZE = '[1-9][0-9]*';

/** Proves an event is in the tree of a size (GET /audit/proofs/inclusion); "prove" in the search fills it. */
export function InclusionPanel({ eventId, treeSize, go }: { eventId?: string; treeSize?: string; go: Go }) {
  const heading = useBringIntoView<HTMLHeadingElement>(eventId);
  return (
    <section class="panel" id="inclusion" aria-labelledby="inclusion-heading">
      <h2 id="inclusion-heading" ref={heading} tabIndex={-1}>Prove an event is in the tree</h2>
      <ProofForm
        key={`${eventId}|${treeSize}`}
        fields={[
          { name: 'eventId', label: 'Event id', value: eventId, required: true, wide: true },
          { name: 'treeSize', label: 'Tree size (blank: the current one)', value: treeSize, size: true },
        ]}
        submit="Prove"
        ask={go}
      />
      {eventId && <InclusionResult key={`${eventId}|${treeSize}`} eventId={eventId} treeSize={treeSize} />}
    </section>
  );
}

interface Field {
  name: string;
  label: string;
  value?: string;
  required?: boolean;
  /** A tree size: digits only. */
  size?: boolean;
  wide?: boolean;
}

/** A proof's question: its fields, kept as typed until submitted, then given to `ask` trimmed (blank ones left out). */
function ProofForm({ fields, submit, ask }: { fields: Field[]; submit: string; ask: (values: Record<string, string | undefined>) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.value ?? ''])));
  return (
    <form class="controls" onSubmit={(e) => { e.preventDefault(); ask(Object.fromEntries(fields.map((f) => [f.name, values[f.name].trim() || undefined]))); }}>
      {fields.map((f) => (
        <label key={f.name} class={f.wide ? 'wide' : undefined}>
          {f.label}
          <input
            name={f.name}
            required={f.required}
            inputMode={f.size ? 'numeric' : undefined}
            pattern={f.size ? SIZE : undefined}
            value={values[f.name]}
            onInput={(e) => setValues({ ...values, [f.name]: (e.target as HTMLInputElement).value })}
          />
        </label>
      ))}
      <button type="submit">{submit}</button>
    </form>
  );
}

function InclusionResult({ eventId, treeSize }: { eventId: string; treeSize?: string }) {
  const load = useLoad((signal) => inclusionProof(eventId, treeSize, signal), [eventId, treeSize]);
  return (
    <Loaded load={load} label="Asking for the inclusion proof…">
      {(p) => (
        <ProofView
          proof={p}
          filename={`inclusion-${p.eventId}-size-${p.treeSize}.json`}
          facts={[
            ['Event', <code>{p.eventId}</code>],
            ['Leaf index', p.leafIndex],
            ['Tree size', p.treeSize],
            ['Leaf hash', <code class="digest" data-leaf-hash>{p.leafHash}</code>],
            ['Root hash', <code class="digest">{p.rootHash}</code>],
          ]}
          pathLabel="Audit path (from the leaf up)"
          path={p.auditPath}
          digestOf={`of size ${p.treeSize}`}
        />
      )}
    </Loaded>
  );
}

/** Proves the tree of one size is a prefix of a later one (GET /audit/proofs/consistency). */
export function ConsistencyPanel({ from, to, go }: { from?: string; to?: string; go: Go }) {
  return (
    <section class="panel" aria-labelledby="consistency-heading">
      <h2 id="consistency-heading">Consistency between two tree sizes</h2>
      <ProofForm
        key={`${from}|${to}`}
        fields={[
          { name: 'sizeFrom', label: "From size (your digest's)", value: from, required: true, size: true },
          { name: 'sizeTo', label: 'To size (blank: the current one)', value: to, size: true },
        ]}
        submit="Prove consistency"
        ask={go}
      />
      {from && <ConsistencyResult key={`${from}|${to}`} from={from} to={to} />}
    </section>
  );
}

function ConsistencyResult({ from, to }: { from: string; to?: string }) {
  const load = useLoad((signal) => consistencyProof(from, to, signal), [from, to]);
  return (
    <Loaded load={load} label="Asking for the consistency proof…">
      {(p) => (
        <ProofView
          proof={p}
          filename={`consistency-${p.from}-${p.to}.json`}
          facts={[
            ['From size', p.from],
            ['To size', p.to],
            ['Root at from', <code class="digest">{p.fromRoot}</code>],
            ['Root at to', <code class="digest" data-to-root>{p.toRoot}</code>],
          ]}
          pathLabel="Consistency path"
          path={p.consistencyPath}
          digestOf={`of size ${p.from} (on success, keep the root at ${p.to} as your new digest)`}
        />
      )}
    </Loaded>
  );
}
