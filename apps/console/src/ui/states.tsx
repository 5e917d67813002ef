import type { ComponentChildren } from 'preact';
import { ApiError, UNREACHABLE } from '../api/client';
import type { Load } from './use-load';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** What went wrong, in the user's terms, with a way to try again. */
export function explain(error: unknown): { title: string; detail: string } {
  if (!(error instanceof ApiError)) return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
  if (error.code === UNREACHABLE) return { title: 'The ledger cannot be reached', detail: 'It may be down or restarting, or the network is. Try again in a moment.' };
  if (error.status === 401) return { title: 'Your key was refused', detail: 'It may have expired or been revoked. Enter a valid key to continue.' };
  if (error.status === 403) return { title: 'Not for this key', detail: `The ledger refused: ${error.message}` };
  if (error.code === 'POSITION_NOT_REACHED') return { title: 'This view asks for more than the ledger holds', detail: `${error.message}. Remove minPosition from the address, or wait for the events it expects.` };
  if (error.status === 504) return { title: 'The read models are still catching up', detail: `${error.message}. The figures will be there shortly: try again.` };
  if (error.status === 503) return { title: 'The ledger is busy', detail: `${error.message}. Try again in a moment.` };
  return { title: `The ledger answered ${error.status} ${error.code}`, detail: error.message };
}

export function Failure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, detail } = explain(error);
  return (
    <div class="failure" role="alert">
      <strong>{title}</strong>
      <p>{detail}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows a load's data once it is there, a spinner before, and the failure with a retry button. */
export function Loaded<T>({ load, label, children }: { load: Load<T> & { reload(): void }; label?: string; children: (data: T) => ComponentChildren }) {
  if (load.status === 'loading') return <Loading label={label} />;
  if (load.status === 'failed') return <Failure error={load.error} onRetry={load.reload} />;
  return <>{children(load.data)}</>;
}
