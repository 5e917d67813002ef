import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseFence, ReadStore } from '../read-store.port';
import { SqliteReadStore } from '../sqlite';
import { LeasedWork } from './leased-work';

const TTL = 300;

/** A worker that records what it was told, and whether it runs. */
function worker() {
  const seen = { fences: [] as LeaseFence[], running: false, stops: 0 };
  return {
    seen,
    start: async (fence: LeaseFence) => {
      seen.fences.push(fence);
      seen.running = true;
    },
    stop: async () => {
      if (seen.running) seen.stops++;
      seen.running = false;
    },
  };
}

describe('leased work', () => {
  let folder: string;
  let store: SqliteReadStore;
  const works: LeasedWork[] = [];
  const leased = (holder: string, work: ReturnType<typeof worker>, on: Pick<ReadStore, 'tryLease' | 'releaseLease'> = store) => {
    const leasedWork = new LeasedWork(on, work, { name: 'projection:test', holder, ttlMs: TTL });
    works.push(leasedWork);
    return leasedWork;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'leased-work-'));
    store = new SqliteReadStore({ file: join(folder, 'read-models.sqlite') });
  });

  afterEach(async () => {
    for (const work of works.splice(0)) await work.stop();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs in one holder at a time; stopped, its lease goes to the other at once, one epoch on', async () => {
    const [a, b] = [worker(), worker()];
    const first = leased('a', a);
    const second = leased('b', b);
    await first.start();
    await second.start();
    await sleep(TTL); // several renewals
    expect([a.seen.running, b.seen.running]).toEqual([true, false]);
    expect(a.seen.fences).toEqual([{ name: 'projection:test', holder: 'a', epoch: 1 }]);
    await first.stop();
    await sleep(TTL / 3 + 100);
    expect([a.seen.running, b.seen.running]).toEqual([false, true]);
    expect(b.seen.fences).toEqual([{ name: 'projection:test', holder: 'b', epoch: 2 }]);
  });

  it('stops at its own expiry when it cannot renew, before another may take over', async () => {
    const a = worker();
    let reachable = true;
    const flaky: Pick<ReadStore, 'tryLease' | 'releaseLease'> = {
      tryLease: async (...args) => {
        if (!reachable) throw new Error('read store unreachable');
        return store.tryLease(...args);
      },
      releaseLease: (...args) => store.releaseLease(...args),
    };
    const work = leased('a', a, flaky);
    await work.start();
    expect(a.seen.running).toBe(true);
    reachable = false;
    const cut = Date.now();
    while (a.seen.running && Date.now() - cut < 3 * TTL) await sleep(10);
    expect(a.seen.running).toBe(false);
    expect(Date.now() - cut).toBeLessThanOrEqual(TTL + 50);
    expect(await store.tryLease('projection:test', 'b', TTL, new Date())).toEqual(expect.objectContaining({ holder: 'b', epoch: 2 }));
  });

  it('stops at once when told its fence was refused, and asks again at the next round', async () => {
    const a = worker();
    const work = leased('a', a);
    await work.start();
    work.lost();
    await sleep(0);
    expect(a.seen.running).toBe(false);
    await sleep(TTL / 3 + 100);
    expect(a.seen.running).toBe(true); // nobody else held it: taken again, under a new epoch only if it had run out
    expect(a.seen.fences.map((fence) => fence.holder)).toEqual(['a', 'a']);
  });
});
