import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { useLoad } from '../../ui/use-load';
import { AuditEvent, SEARCH_FILTERS, SearchFilter, SearchFilters, searchEvents } from './audit-data';
import { ExportButton } from './export-button';

type Go = (values: Record<string, string | undefined>) => void;

const TEXT_FIELDS: [SearchFilter, string, string][] = [
  ['actor', 'Actor', 'a key or service name'],
  ['source', 'Source', 'http, kafka:crm, cli'],
  ['type', 'Event types', 'DealWon,DealReversed'],
  ['streamId', 'Stream', 'lead-l1'],
  ['partnerId', 'Partner', 'acme'],
];

/** Who did what: every event matching the filters (GET /audit/events), page by page, and their export. */
export function EventSearchPanel({ filters, cursor, go, hrefFor }: {
  filters: SearchFilters;
  cursor?: string;
  go: Go;
  /** The page's address with some values changed (another page, an event to prove, a stream to verify). */
  hrefFor: (values: Record<string, string | undefined>) => string;
}) {
  const key = SEARCH_FILTERS.map((name) => filters[name] ?? '').join('|');
  const load = useLoad((signal) => searchEvents(filters, cursor, signal), [key, cursor]);
  return (
    <section class="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">Search the events</h2>
      <SearchForm key={key} filters={filters} go={go} />
      <ExportButton filters={filters} />
      <Loaded load={load} label="Searching the events…">
        {(page) => (
          <>
            <EventsTable events={page.items} hrefFor={hrefFor} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => hrefFor({ cursor: c })} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function SearchForm({ filters, go }: { filters: SearchFilters; go: Go }) {
  const [values, setValues] = useState<SearchFilters>(filters);
  const set = (name: SearchFilter) => (e: Event) => setValues({ ...values, [name]: (e.target as HTMLInputElement).value });
  const submit = (next: SearchFilters) => go({ ...Object.fromEntries(SEARCH_FILTERS.map((n) => [n, next[n]?.trim() || undefined])), cursor: undefined });
  return (
    <form class="controls" aria-label="Search filters" onSubmit={(e) => { e.preventDefault(); submit(values); }}>
      {TEXT_FIELDS.map(([name, label, example]) => (
        <label key={name}>
          {label}
          <input name={name} value={values[name] ?? ''} placeholder={example} onInput={set(name)} />
        </label>
      ))}
      <label>
        From (UTC day)
        <input name="from" type="date" value={values.from ?? ''} onInput={set('from')} />
      </label>
      <label>
        Before (UTC day)
        <input name="to" type="date" value={values.to ?? ''} onInput={set('to')} />
      </label>
      <label>
        Time
        <select name="time" value={values.time ?? 'recorded'} onChange={set('time')}>
          <option value="recorded">recorded by the ledger</option>
          <option value="occurred">occurred at the source</option>
        </select>
      </label>
      <button type="submit">Search</button>
      <button type="button" class="secondary" onClick={() => submit({})}>Clear</button>
    </form>
  );
}

function EventsTable({ events, hrefFor }: { events: AuditEvent[]; hrefFor: (values: Record<string, string | undefined>) => string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setOpen((was) => {
    const next = new Set(was);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const columns = 5;
  return (
    <div class="table-wrap">
      <table class="audit-events">
        <caption>Events matching the filters, in time order</caption>
        <thead>
          <tr>
            <th scope="col">Recorded (occurred)</th>
            <th scope="col">Type, actions</th>
            <th scope="col">Stream, revision</th>
            <th scope="col">Partner</th>
            <th scope="col">Actor, source</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={columns} class="empty">No event matches these filters.</td>
            </tr>
          )}
          {events.map((e) => {
            const expanded = open.has(e.eventId);
            const envelopeId = `envelope-${e.eventId}`;
            return (
              <Fragment key={e.eventId}>
                <tr data-event-id={e.eventId}>
                  <td>
                    <span class="when">{dateTime(e.recordedAt)}</span>
                    <br />
                    <span class="help when">({e.occurredAt})</span>
                  </td>
                  <td>
                    {e.type}
                    <div class="row-actions">
                      <button type="button" class="link" aria-expanded={expanded} aria-controls={envelopeId} onClick={() => toggle(e.eventId)}>
                        {expanded ? 'Hide envelope' : 'Envelope'}
                      </button>
                      <a href={hrefFor({ eventId: e.eventId, treeSize: undefined })} aria-label={`Prove event ${e.eventId}`}>Prove</a>
                      <a href={hrefFor({ verify: e.streamId })} aria-label={`Verify stream ${e.streamId}`}>Verify stream</a>
                    </div>
                  </td>
                  <td>{e.streamId} <span class="help">#{e.revision}</span></td>
                  <td>{e.partnerId ?? '—'}</td>
                  <td>{e.metadata.actor} <span class="help">({e.metadata.source})</span></td>
                </tr>
                {expanded && (
                  <tr id={envelopeId} class="envelope-row">
                    <td colSpan={columns}>
                      <pre class="envelope">{JSON.stringify(e, null, 2)}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
