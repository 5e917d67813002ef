import { dateTime } from '../../format';
import { Route, withQuery } from '../../router';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { HistoryEvent, listHistory } from './partner-api';

/** A few of the event's own facts for its line on the timeline (ids and amounts; the whole is in the envelope). */
function gist(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (name === 'partnerId' || parts.length >= 3) continue;
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${name} ${value}`);
    else if (value && typeof value === 'object' && 'amount' in value && 'currency' in value) parts.push(`${name} ${String(value.amount)} ${String(value.currency)}`);
  }
  return parts.join(' · ');
}

/** Everything recorded about the partner, in the order recorded, a page at a time; each event opens to its full envelope and hash. */
export function HistoryTab({ partnerId, route }: { partnerId: string; route: Route }) {
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad((signal) => listHistory(partnerId, cursor, signal), [partnerId, cursor]);
  return (
    <section class="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <Loaded load={load} label="Reading the partner's history…">
        {(page) => (
          <>
            {page.items.length === 0 ? <p>Nothing recorded.</p> : (
              <ol class="timeline" aria-label="Events, in the order recorded">
                {page.items.map((event) => <HistoryItem key={event.eventId} event={event} />)}
              </ol>
            )}
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function HistoryItem({ event: e }: { event: HistoryEvent }) {
  return (
    <li data-event-id={e.eventId} data-position={e.position}>
      <details>
        <summary>
          <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time> <strong>{e.type}</strong> <span class="gist">{gist(e.data)}</span>
        </summary>
        <dl class="facts envelope-facts">
          <dt>Event id</dt>
          <dd><code>{e.eventId}</code></dd>
          <dt>Stream, revision</dt>
          <dd><code>{e.streamId}</code> @ {e.revision}</dd>
          <dt>Position</dt>
          <dd data-field="position">{e.position}</dd>
          <dt>Recorded</dt>
          <dd>{dateTime(e.recordedAt)} by {e.metadata.actor} via {e.metadata.source}</dd>
          <dt>Hash</dt>
          <dd data-field="hash"><code class="digest">{e.metadata.hash ?? 'none (recorded before the hash chain)'}</code></dd>
          <dt>Previous hash</dt>
          <dd data-field="prevHash"><code class="digest">{e.metadata.prevHash ?? 'none: the stream\'s first event'}</code></dd>
        </dl>
        <pre class="envelope" aria-label={`The envelope of event ${e.eventId}`}>{JSON.stringify(e, null, 2)}</pre>
      </details>
    </li>
  );
}
