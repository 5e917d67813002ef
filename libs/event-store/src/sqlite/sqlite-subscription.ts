import { EventEmitter, once } from 'node:events';
import { EventSubscription, RecordedEvent } from '../event-store.port';

interface Options {
  after: bigint;
  read: (after: bigint, maxCount: number) => Promise<RecordedEvent[]>;
  /** Emits 'appended' after each local append and 'closed' when the store closes. */
  appended: EventEmitter;
  /** Another process may append to the same file: look again at this interval. */
  pollIntervalMs: number;
}

/** Catch-up then live, by reading after the last position seen; woken by local appends. */
export function sqliteSubscription({ after, read, appended, pollIntervalMs }: Options): EventSubscription {
  let position = after;
  const closing = new AbortController();
  const onStoreClosed = () => closing.abort();
  appended.once('closed', onStoreClosed);

  return {
    async nextBatch(maxCount, signal) {
      const stop = signal ? AbortSignal.any([signal, closing.signal]) : closing.signal;
      while (!stop.aborted) {
        // Listen before reading so that an append landing in between is not missed.
        const found = new AbortController();
        const woken = once(appended, 'appended', {
          signal: AbortSignal.any([stop, found.signal, AbortSignal.timeout(pollIntervalMs)]),
        }).catch(() => undefined);
        const events = await read(position, maxCount);
        if (events.length > 0) {
          found.abort();
          position = events[events.length - 1]!.position;
          return events;
        }
        await woken;
      }
      return [];
    },
    async close() {
      appended.off('closed', onStoreClosed);
      closing.abort();
    },
  };
}
