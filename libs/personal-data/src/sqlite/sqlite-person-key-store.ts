import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PersonKeyRow, PersonKeyStore } from '../person-key-store.port';

export interface SqlitePersonKeyStoreOptions {
  /**
   * Its own file (the app uses `DATA_DIR/keys.sqlite`): the event store's files must never
   * hold a key, so that shredding never needs to rewrite them and their backups hold none.
   */
  file: string;
}

interface Row {
  keyId: string;
  personRef: string;
  wrappedKey: Buffer;
}

/**
 * The embedded person-key store. Destroying a key must leave no copy of it in any file
 * SQLite writes, which takes three things:
 * - `secure_delete = ON` (set on every connection: it is not stored in the file), so the
 *   bytes of a row that is rewritten or removed are zeroed in the page, not left in free
 *   space or on the freelist;
 * - a tombstone that keeps the key id but nulls the key and the person reference;
 * - VACUUM after a destroy: page splits copy cells and leave the old bytes in the free gap of
 *   a page, where secure_delete never looks (seen in about 6% of 300-key destroys);
 * - WAL checkpoint (TRUNCATE) after the destroy: the WAL still holds the page images written
 *   when the key was created; checkpointing copies the zeroed pages into the database and
 *   truncating empties the WAL. (The -shm file holds only the WAL's index.)
 * What the file system or its backups kept of earlier blocks is outside SQLite's reach.
 */
export class SqlitePersonKeyStore implements PersonKeyStore {
  private readonly db: Database.Database;
  private closed = false;
  /** Keys asked for in this turn of the event loop, created together (see create). */
  private pending: { row: PersonKeyRow; resolve: (row: PersonKeyRow | null) => void; reject: (error: unknown) => void }[] = [];

  constructor(options: SqlitePersonKeyStoreOptions) {
    if (options.file === ':memory:') throw new Error('the embedded person-key store needs a file: keys must outlive the process');
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('journal_mode = WAL');
    // A key acknowledged but lost in a crash would make what was sealed under it unreadable.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      key_id TEXT PRIMARY KEY,
      person_ref TEXT,
      wrapped_key BLOB,
      destroyed INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID`);
    this.db.exec('CREATE INDEX IF NOT EXISTS person_keys_by_person ON person_keys (person_ref) WHERE person_ref IS NOT NULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS person_keys_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID');
  }

  /**
   * Insert-if-absent and read back, in one write transaction: whoever inserted first wins.
   * Keys asked for in the same turn of the event loop (people first met by concurrent
   * commands) share that transaction and its one fsync, which blocks the event loop: one per
   * new person would slow every command down.
   */
  create(row: PersonKeyRow): Promise<PersonKeyRow | null> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      if (this.pending.push({ row, resolve, reject }) === 1) setImmediate(() => this.createPending());
    });
  }

  private createPending(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      if (this.closed) throw new Error('the person-key store is closed');
      const insert = this.db.prepare('INSERT INTO person_keys (key_id, person_ref, wrapped_key) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING');
      const stored = this.db
        .transaction(() =>
          batch.map(({ row }) => {
            insert.run(row.keyId, row.personRef, row.wrappedKey);
            return this.live(row.keyId);
          }),
        )
        .immediate();
      batch.forEach(({ resolve }, n) => resolve(stored[n]!));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  async get(keyId: string): Promise<PersonKeyRow | null> {
    this.assertOpen();
    return this.live(keyId);
  }

  async keysOf(personRef: string): Promise<string[]> {
    this.assertOpen();
    return this.db.prepare('SELECT key_id FROM person_keys WHERE person_ref = ? AND destroyed = 0 ORDER BY key_id').pluck().all(personRef) as string[];
  }

  async destroy(keyIds: string[]): Promise<number> {
    this.assertOpen();
    const destroyed = this.db
      .prepare(
        `UPDATE person_keys SET wrapped_key = NULL, person_ref = NULL, destroyed = 1
         WHERE destroyed = 0 AND key_id IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(keyIds)).changes;
    // Page splits made when keys were created leave stale copies of cells in the free gap of
    // pages, which secure_delete never sees: rebuilding the file from its live rows drops them.
    // Even when nothing was left to destroy: a repeat finishes what an earlier call could not.
    if (keyIds.length > 0) {
      try {
        this.db.exec('VACUUM');
      } catch (error) {
        throw new Error(`keys destroyed, but the file could not be rebuilt (${String(error)}): stale copies may remain until the next destroy`);
      }
    }
    await this.checkpoint();
    return destroyed;
  }

  async getMeta(name: string): Promise<Buffer | null> {
    this.assertOpen();
    return (this.db.prepare('SELECT value FROM person_keys_meta WHERE name = ?').pluck().get(name) as Buffer | undefined) ?? null;
  }

  async putMetaIfAbsent(name: string, value: Buffer): Promise<Buffer> {
    this.assertOpen();
    return this.db
      .transaction(() => {
        this.db.prepare('INSERT INTO person_keys_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, value);
        return this.db.prepare('SELECT value FROM person_keys_meta WHERE name = ?').pluck().get(name) as Buffer;
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private live(keyId: string): PersonKeyRow | null {
    const row = this.db
      .prepare('SELECT key_id AS keyId, person_ref AS personRef, wrapped_key AS wrappedKey FROM person_keys WHERE key_id = ? AND destroyed = 0')
      .get(keyId) as Row | undefined;
    return row ? { keyId: row.keyId, personRef: row.personRef, wrappedKey: row.wrappedKey } : null;
  }

  /**
   * Copies the WAL into the database and empties it. A connection reading an older snapshot
   * keeps the checkpoint from finishing (after `busy_timeout`); it is tried again, and if it
   * still cannot finish the destroy stands but the call fails, saying so: copies may remain
   * in the WAL until the next destroy (any, even of nothing) or the last connection's close.
   */
  private async checkpoint(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) return;
      if (attempt === 3) throw new Error('keys destroyed, but the WAL could not be emptied while other connections read: copies remain until the next destroy');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the person-key store is closed');
  }
}
