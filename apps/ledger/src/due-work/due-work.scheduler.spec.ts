import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { loadConfig } from '../config/ledger-config';
import { DueWork } from './due-work';
import { DueWorkScheduler } from './due-work.scheduler';

/** Two instances on one read store file, each with its scheduler; the work counts its runs. */
describe('due work with two instances', () => {
  const folder = mkdtempSync(join(tmpdir(), 'due-work-'));
  const file = join(folder, 'read-models.sqlite');
  const stores = [new SqliteReadStore({ file }), new SqliteReadStore({ file })];
  const runs: string[] = [];
  const work = (instance: number): DueWork => ({ name: 'count', run: async (asOf) => (runs.push(`${instance}@${asOf}`), 'counted') });
  const config = loadConfig({ DUE_WORK_INTERVAL_MS: '10000' });
  const schedulers = stores.map((store, n) => new DueWorkScheduler(store, config, [work(n)]));
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, seconds));

  afterAll(async () => {
    for (const store of stores) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs each round once, on the instance holding the lease, and another takes over when it stops renewing', async () => {
    expect(await Promise.all(schedulers.map((s) => s.tick(at(0))))).toEqual([true, false]);
    expect(await Promise.all(schedulers.map((s) => s.tick(at(10))))).toEqual([true, false]);
    expect(runs).toEqual(['0@2026-11-29T12:00:00.000Z', '0@2026-11-29T12:00:10.000Z']);
    // The first stops renewing (a crash): its lease lasts three intervals from its last renewal.
    expect(await schedulers[1]!.tick(at(39))).toBe(false);
    expect(await schedulers[1]!.tick(at(40))).toBe(true);
    expect(runs).toHaveLength(3);
    expect(runs[2]).toBe('1@2026-11-29T12:00:40.000Z');
  });

  it('gives the lease up at a clean shutdown, so the other need not wait', async () => {
    await schedulers[1]!.beforeApplicationShutdown();
    expect(await schedulers[0]!.tick(at(41))).toBe(true);
  });
});
