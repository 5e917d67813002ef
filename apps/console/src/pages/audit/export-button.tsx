import { useRef, useState } from 'preact/hooks';
import { count } from '../../format';
import { download } from '../../ui/csv';
import { Failure } from '../../ui/states';
import { EXPORT_FILTERS, ExportProgress, SearchFilters, exportEvents } from './audit-data';

type State =
  | { name: 'idle' }
  | { name: 'running'; progress: ExportProgress }
  | { name: 'done'; filename: string; bytes: number; events: number; through: string | null }
  | { name: 'failed'; error: unknown };

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Exports the events matching the filters the export takes (GET /audit/export) as NDJSON, showing the bytes received. */
export function ExportButton({ filters }: { filters: SearchFilters }) {
  const [state, setState] = useState<State>({ name: 'idle' });
  const running = useRef<AbortController>();
  const searchOnly = (['actor', 'source', 'streamId'] as const).filter((name) => filters[name]);
  const applied = EXPORT_FILTERS.filter((name) => filters[name]);

  const start = async () => {
    const controller = new AbortController();
    running.current = controller;
    setState({ name: 'running', progress: { bytes: 0, events: 0 } });
    try {
      const exported = await exportEvents(filters, (progress) => setState({ name: 'running', progress }), controller.signal);
      download(exported.filename, exported.blob, 'application/x-ndjson');
      setState({ name: 'done', filename: exported.filename, bytes: exported.bytes, events: exported.events, through: exported.through });
    } catch (error) {
      setState(controller.signal.aborted ? { name: 'idle' } : { name: 'failed', error });
    }
  };

  return (
    <div class="export">
      <p class="actions">
        {state.name === 'running' ? (
          <button type="button" class="secondary" onClick={() => running.current?.abort()}>Cancel the export</button>
        ) : (
          <button type="button" onClick={() => void start()}>Export as NDJSON</button>
        )}{' '}
        <span class="help">
          {applied.length ? `with ${applied.map((n) => `${n}=${filters[n]}`).join(', ')}` : 'every event'}
          {searchOnly.length > 0 && ` (${searchOnly.join(', ')} narrow the search only: the export does not take them)`}
        </span>
      </p>
      <p role="status" aria-live="polite" class="export-status">
        {state.name === 'running' && (
          <>
            <progress aria-label="Export in progress" /> {sizeLabel(state.progress.bytes)} received, {count(state.progress.events)} events
          </>
        )}
        {state.name === 'done' && `Saved ${state.filename}: ${count(state.events)} events, ${sizeLabel(state.bytes)}${state.through ? `, through position ${state.through}` : ''}`}
      </p>
      {state.name === 'failed' && <Failure error={state.error} onRetry={() => void start()} />}
    </div>
  );
}
