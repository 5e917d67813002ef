import type { ComponentChildren } from 'preact';
import { download } from '../../ui/csv';

/** A proof's hashes, its JSON to download as the ledger gave it, and the command that checks it offline. */
export function ProofView({ proof, filename, facts, path, pathLabel, digestOf }: {
  proof: object;
  filename: string;
  facts: [string, ComponentChildren][];
  path: string[];
  pathLabel: string;
  /** Which digest of the auditor's the proof must be checked against. */
  digestOf: string;
}) {
  return (
    <div class="proof">
      <dl class="facts">
        {facts.map(([term, value]) => [<dt key={`t-${term}`}>{term}</dt>, <dd key={`d-${term}`}>{value}</dd>])}
        <dt>{pathLabel}</dt>
        <dd>
          {path.length === 0 ? (
            'empty'
          ) : (
            <ol class="hashes">
              {path.map((hash, i) => <li key={i}><code class="digest">{hash}</code></li>)}
            </ol>
          )}
        </dd>
      </dl>
      <p class="actions">
        <button type="button" onClick={() => download(filename, `${JSON.stringify(proof, null, 2)}\n`, 'application/json')}>
          Download the proof (JSON)
        </button>
      </p>
      <p class="help">
        Saved as <code>{filename}</code>. Check it offline against the root hash of your own digest {digestOf}, never against the one in this answer:
      </p>
      <pre class="command">npm run ledger -- audit check-proof {filename} --digest &lt;your root hash&gt;</pre>
    </div>
  );
}
