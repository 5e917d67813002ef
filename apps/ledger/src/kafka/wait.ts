import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for `work`, but at most `ms`: true if it settled in time. Used on start and stop so
 * that a client stuck retrying an unreachable broker never holds the ledger's lifecycle.
 */
export async function waitAtMost(work: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!work) return true;
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, sleep(ms, false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}
