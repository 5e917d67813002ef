import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `check` holds, or fails saying what it was waiting for. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 100, what = () => 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(intervalMs);
  }
}
