import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { ReadStore } from '@ledger/read-store';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { PersonKeyStore } from '@ledger/personal-data';
import { SqlitePersonKeyStore } from '@ledger/personal-data/sqlite';
import { LedgerConfig } from '../config/ledger-config';

/** The embedded stores: SQLite files in the data folder. Loaded by StorageModule when the configuration names them. */
export function openEmbeddedEventStore(config: LedgerConfig): EventStore {
  return new SqliteEventStore({
    file: join(config.dataDir, 'events.sqlite'),
    synchronous: config.sqliteSynchronous,
    subscriptionLingerMs: config.projector.lingerMs,
  });
}

export function openEmbeddedReadStore(config: LedgerConfig): ReadStore {
  return new SqliteReadStore({ file: join(config.dataDir, 'read-models.sqlite'), synchronous: config.readModelSynchronous });
}

/** A throw-away embedded read store in `file` (verify rebuilds into one to compare). */
export function openScratchReadStore(file: string): ReadStore {
  return new SqliteReadStore({ file, synchronous: 'NORMAL' });
}

/** The embedded key store: its own file, so that the event store's files never hold a key. */
export function openEmbeddedPersonKeyStore(config: LedgerConfig): PersonKeyStore {
  return new SqlitePersonKeyStore({ file: join(config.dataDir, 'keys.sqlite') });
}
