import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@ledger/event-store';
import { Projection, projectEvents } from '@ledger/projections';
import { ReadStore } from '@ledger/read-store';
import { openScratchReadStore } from '../storage/open-embedded';

/**
 * Runs `use` on read models built from `events` alone, by `projections`, in a throw-away
 * embedded store removed afterwards: the live read models are never touched.
 */
export async function withScratchReadModels<T>(projections: readonly Projection[], events: readonly RecordedEvent[], use: (store: ReadStore) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'ledger-as-of-'));
  const store = openScratchReadStore(join(folder, 'read-models.sqlite'));
  try {
    await projectEvents(projections, events, store);
    return await use(store);
  } finally {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  }
}
