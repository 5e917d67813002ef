import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@ledger/event-store';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { Projection } from '../projection';
import { projectEvents } from './project-events';

/** Counts each stream's events, and reads its count back: a projection whose documents depend on the ones before. */
const counts: Projection = {
  name: 'counts',
  collections: [{ name: 'counts', indexes: [] }],
  refs: (event) => [{ collection: 'counts', id: event.streamId }],
  apply: (event, view) => [{ collection: 'counts', id: event.streamId, doc: { count: (view.get<{ count: number }>('counts', event.streamId)?.count ?? 0) + 1 } }],
};

const event = (streamId: string, position: bigint): RecordedEvent => ({
  type: 'Counted', data: {}, eventId: `e${position}`, schemaVersion: 1, streamId, revision: 0n, position, occurredAt: '2026-01-01T00:00:00Z', recordedAt: '2026-01-01T00:00:00Z',
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
});

describe('projecting a chosen set of events', () => {
  let folder: string;
  let store: SqliteReadStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'project-events-'));
    store = new SqliteReadStore({ file: join(folder, 'read-models.sqlite'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('builds the documents those events alone make, checkpointed at the last of them', async () => {
    await projectEvents([counts], [event('a', 3n), event('b', 5n), event('a', 9n)], store);
    expect(await store.get('counts', 'a')).toEqual({ id: 'a', position: 9n, doc: { count: 2 } });
    expect(await store.get('counts', 'b')).toEqual({ id: 'b', position: 5n, doc: { count: 1 } });
    expect(await store.checkpoint('counts')).toBe(9n);
  });

  it('with no events, leaves empty collections and no checkpoint', async () => {
    await projectEvents([counts], [], store);
    expect(await store.scan('counts', { limit: 10 })).toEqual([]);
    expect(await store.checkpoint('counts')).toBeNull();
  });
});
