import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventSubscription, RecordedEvent } from '../event-store.port';

interface Options {
  after: bigint;
  read: (after: bigint, maxCount: number) => Promise<RecordedEvent[]>;
  /** Emits 'appended' after each local append and 'closed' when the store closes. */
  appended: EventEmitter;
  /** Another process may append to the same file: look again at this interval. */
  pollIntervalMs: number;
  /**
   * Having found fewer events than asked, wait this long for more before answering, so that
   * a reader woken by each append takes them in batches rather than one by one.
   */
  lingerMs: number;
}

/** Catch-up then live, by reading after the last position seen; woken by local appends. */
export function sqliteSubscription({ after, read, appended, pollIntervalMs, lingerMs }: Options): EventSubscription {
  let position = after;
  const closing = new AbortController();
  const onStoreClosed = () => closing.abort();
  appended.once('closed', onStoreClosed);

  return {
    async nextBatch(maxCount, signal) {
      const stop = signal ? AbortSignal.any([signal, closing.signal]) : closing.signal;
      const take = async () => {
        let events = await read(position, maxCount);
        if (events.length > 0 && events.length < maxCount && lingerMs > 0 && !stop.aborted) {
          await sleep(lingerMs);
          events = events.concat(await read(events[events.length - 1]!.position, maxCount - events.length));
        }
        if (events.length > 0) position = events[events.length - 1]!.position;
        return events;
      };
      while (!stop.aborted) {
        // Most calls find events at once: no waiting machinery for them.
        const ready = await take();
        if (ready.length > 0) return ready;
        // Listen before reading again so that an append landing in between is not missed.
        const found = new AbortController();
        const woken = once(appended, 'appended', {
          signal: AbortSignal.any([stop, found.signal, AbortSignal.timeout(pollIntervalMs)]),
        }).catch(() => undefined);
        const events = await take();
        if (events.length > 0) {
          found.abort();
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
