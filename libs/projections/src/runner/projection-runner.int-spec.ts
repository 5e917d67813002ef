import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { GenerationalReadStore, GenerationSwitchedError } from '@ledger/read-store';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { Projection } from '../projection';
import { catchUpReadModels } from './catch-up';
import { ProjectionRunner } from './projection-runner';
import { rebuildReadModels } from './rebuild';

/** Counts each stream's events: a document per stream. */
const counts: Projection = {
  name: 'counts',
  collections: [{ name: 'counts', indexes: [] }],
  refs: (event) => [{ collection: 'counts', id: event.streamId }],
  apply: (event, view) => [{ collection: 'counts', id: event.streamId, doc: { n: ((view.get<{ n: number }>('counts', event.streamId)?.n) ?? 0) + 1 } }],
};

const noted = (): NewEvent => ({
  eventId: randomUUID(), type: 'Noted', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z', data: {},
  metadata: { actor: 'test', source: 'test', correlationId: randomUUID(), causationId: randomUUID() },
});

/** Resolves once `check` holds, polling; fails after two seconds. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error('never happened');
}

describe('a projector across a switch of generations', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-generations-'));
  const events = new SqliteEventStore({ file: join(folder, 'events.sqlite'), synchronous: 'NORMAL' });
  const inner = new SqliteReadStore({ file: join(folder, 'read.sqlite'), synchronous: 'NORMAL' });
  const store = new GenerationalReadStore(inner, [counts], { cacheMs: 0 });
  const failures: unknown[] = [];
  const runner = new ProjectionRunner(counts, events, store, { batchSize: 10 });

  afterAll(async () => {
    await runner.stop();
    await store.close();
    await events.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('drops the batch read in the old generation and continues the new one from its own checkpoint', async () => {
    for (let i = 0; i < 5; i++) await events.append(`s-${i % 2}`, [noted()], 'any');
    await runner.start((error) => failures.push(error));
    await eventually(async () => (await store.checkpoint('counts')) === 5n);
    // Generation 1 goes wrong behind the projector's back; generation 2 is built beside it.
    const file = new Database(join(folder, 'read.sqlite'));
    file.prepare("UPDATE rm_counts SET doc = '{\"n\":100}' WHERE id = 's-0'").run();
    file.close();
    await store.recordGenerations({ counts: { live: 1, kept: [1, 2] } });
    await rebuildReadModels([counts], events, store.at({ counts: 2 }));
    await events.append('s-0', [noted()], 'any'); // position 6: the live projector has it, generation 2 not yet
    await eventually(async () => (await store.checkpoint('counts')) === 6n);
    expect((await store.get('counts', 's-0'))?.doc).toEqual({ n: 101 });

    await store.recordGenerations({ counts: { live: 2, kept: [1, 2] } });
    expect(await store.checkpoint('counts')).toBe(5n); // the new generation's own
    await events.append('s-0', [noted()], 'any'); // position 7
    await eventually(async () => (await store.checkpoint('counts')) === 7n);

    expect(failures).toEqual([expect.any(GenerationSwitchedError)]);
    // Positions 6 and 7 both reached generation 2, counted from its documents (3 + 1 + 1), not from generation 1's.
    expect((await store.get('counts', 's-0'))?.doc).toEqual({ n: 5 });
    expect((await store.get('counts', 's-1'))?.doc).toEqual({ n: 2 });
    // Generation 1 took nothing after the switch.
    expect(await inner.checkpoint('counts')).toBe(6n);
    expect((await inner.get('counts', 's-0'))?.doc).toEqual({ n: 101 });
    expect(await catchUpReadModels([counts], events, store)).toEqual({ events: 0 });
  });
});
