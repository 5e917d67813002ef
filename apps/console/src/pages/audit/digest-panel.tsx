import { count, dateTime } from '../../format';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { digest } from './audit-data';
import { CopyButton } from './copy-button';

/** The current digest: what an auditor writes down somewhere the operators cannot change. */
export function DigestPanel() {
  const load = useLoad((signal) => digest(signal), []);
  return (
    <section class="panel" aria-labelledby="digest-heading">
      <h2 id="digest-heading">Current digest</h2>
      <Loaded load={load} label="Reading the tree's digest…">
        {(d) => (
          <>
            <dl class="facts">
              <dt>Tree size</dt>
              <dd data-tree-size={d.treeSize}>{count(d.treeSize)} events</dd>
              <dt>Root hash</dt>
              <dd><code class="digest" data-root-hash>{d.rootHash}</code></dd>
              <dt>Last position</dt>
              <dd>{d.lastPosition}</dd>
              <dt>Read at</dt>
              <dd>{dateTime(d.at)}</dd>
            </dl>
            <p class="actions">
              <CopyButton text={d.rootHash} label="Copy root hash" />
              <CopyButton text={JSON.stringify(d)} label="Copy digest (JSON)" />
              <button type="button" class="secondary" onClick={load.reload}>Read it again</button>
            </p>
            <p class="help">
              Keep the tree size and root hash where the ledger's operators cannot change them; later, ask for a consistency proof from
              this size and check it against this root.
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}
