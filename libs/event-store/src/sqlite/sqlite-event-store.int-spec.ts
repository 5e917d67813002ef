import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const folder = mkdtempSync(join(tmpdir(), 'ledger-events-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// UNIQUE(event_id): an id recorded in one stream is refused in every other.
describeEventStoreContract('embedded (SQLite file)', async () => new SqliteEventStore({ file: join(folder, 'events.sqlite') }), {
  globallyUniqueEventIds: true,
});
