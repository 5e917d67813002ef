import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertFieldPath, decodeCursor, encodeCursor } from '../cursor';
import { documentTable, DocumentRow, SqliteWriter, TableShape } from './sqlite-writer';
import {
  CheckpointSource, CollectionSpec, ReadModelGenerations, Document, DocumentWrite, FindQuery, LeaseFence, LeaseGrant, LeaseLostError, Page, ReadStore, Scalar,
  StoredDocument,
} from '../read-store.port';

export interface SqliteReadStoreOptions {
  /** A file: the writer thread opens it too, so ':memory:' cannot serve. */
  file: string;
  synchronous?: 'FULL' | 'NORMAL';
}

interface Row {
  id: string;
  position: bigint;
  doc: string;
}

interface LeaseRow {
  holder: string;
  epoch: number;
  expiresAt: number;
}

/** The code the writer thread gives a commit whose lease fence is stale. */
const LEASE_LOST = 'LEASE_LOST';
const grantOf = (name: string, row: LeaseRow): LeaseGrant => ({ name, holder: row.holder, epoch: row.epoch, expiresAt: new Date(row.expiresAt) });

const table = (collection: string) => `"rm_${assertFieldPath(collection)}"`;
const field = (path: string) => `json_extract(doc, '$.${assertFieldPath(path)}')`;
/** A declared column's name: prefixed, so that no field can take the name of id, position or doc. */
const COLUMN_PREFIX = 'c_';
const column = (name: string) => {
  if (name.includes('.')) throw new RangeError(`a column holds a top-level field: ${name}`);
  return `"${COLUMN_PREFIX}${assertFieldPath(name)}"`;
};
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = BigInt(Number.MIN_SAFE_INTEGER);
function bigintJson(this: bigint): number | string {
  return this <= MAX_EXACT && this >= MIN_EXACT ? Number(this) : this.toString();
}

/**
 * JSON text of documents. A bigint is written as a number while exact (JSON has no size
 * limit, but JavaScript reads back only up to 2^53), beyond that as its decimal text. It
 * is done by lending BigInt a toJSON for the (synchronous) time of the call: a replacer
 * function would be called for every value of every document, a rebuild's main cost.
 */
function documentTexts(docs: readonly Document[]): string[] {
  const prototype = BigInt.prototype as unknown as { toJSON?: unknown };
  const lent = Object.getOwnPropertyDescriptor(prototype, 'toJSON');
  Object.defineProperty(prototype, 'toJSON', { value: bigintJson, configurable: true, writable: true });
  try {
    return docs.map((doc) => JSON.stringify(doc));
  } finally {
    if (lent) Object.defineProperty(prototype, 'toJSON', lent);
    else delete prototype.toJSON;
  }
}
/** SQLite's JSON functions give booleans back as 0/1. */
const bindable = (value: Scalar | null) => (typeof value === 'boolean' ? Number(value) : value);

/** A field's value as its column keeps it: what json_extract gives of the document's JSON text (documentTexts). */
function columnValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return Number(value);
    case 'bigint':
      return value <= MAX_EXACT && value >= MIN_EXACT ? value : value.toString();
    case 'object':
      return value === null ? null : documentTexts([value as Document])[0];
    default:
      return null;
  }
}

/**
 * The embedded read store: a table per collection holding JSON documents, with indexes on
 * the fields queries filter and sort by (on the JSON, or on a column where the collection
 * declares the field one), in its own SQLite file so that read
 * models can be thrown away and rebuilt without touching the events. Reads run on this
 * connection; commits on the writer thread's.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly known = new Set<string>();
  private readonly writer: SqliteWriter;

  constructor(options: SqliteReadStoreOptions) {
    if (options.file === ':memory:') throw new Error('the embedded read store needs a file (its writer thread opens it too)');
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL)');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoint_sources (name TEXT PRIMARY KEY, kind TEXT NOT NULL, store_id TEXT NOT NULL)');
    this.db.exec('CREATE TABLE IF NOT EXISTS read_model_versions (projection TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    this.db.exec('CREATE TABLE IF NOT EXISTS read_model_generations (projection TEXT PRIMARY KEY, live INTEGER NOT NULL, kept TEXT NOT NULL)');
    this.db.exec('CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL, epoch INTEGER NOT NULL DEFAULT 0)');
    // Files from before epochs: leases without one start at 0.
    const leaseColumns = this.db.prepare("SELECT name FROM pragma_table_info('leases')").pluck().all() as string[];
    if (!leaseColumns.includes('epoch')) this.db.exec('ALTER TABLE leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0');
    this.writer = new SqliteWriter({ file: options.file, synchronous: options.synchronous ?? 'FULL' });
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    for (const spec of specs) {
      this.createTable(spec.name, spec.columns ?? []);
      const expression = this.fieldIn(spec.name);
      for (const index of spec.indexes) {
        // Named after its fields and whether it reads columns, so that one on a column never passes for one on the JSON.
        const prefix = index.fields.some((f) => spec.columns?.includes(f.field)) ? 'ixc' : 'ix';
        const name = `"${prefix}_${spec.name}_${index.fields.map((f) => `${f.field.replace(/\./g, '_')}_${f.direction}`).join('_')}"`;
        const keys = index.fields.map((f) => `${expression(f.field)} ${f.direction.toUpperCase()}`).join(', ');
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${table(spec.name)} (${keys}, id)`);
      }
    }
  }

  async get<T = Document>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    return (await this.getMany<T>(collection, [id])).get(id) ?? null;
  }

  async getMany<T = Document>(collection: string, ids: string[]): Promise<Map<string, StoredDocument<T>>> {
    const found = new Map<string, StoredDocument<T>>();
    if (ids.length === 0 || !this.exists(collection)) return found;
    // json_each lets one statement take any number of ids.
    const rows = this.statement(`SELECT id, position, doc FROM ${table(collection)} WHERE id IN (SELECT value FROM json_each(?))`, true)
      .all(JSON.stringify(ids)) as Row[];
    for (const row of rows) found.set(row.id, { id: row.id, position: row.position, doc: JSON.parse(row.doc) });
    return found;
  }

  async scan<T = Document>(collection: string, page: { afterId?: string; limit: number }): Promise<StoredDocument<T>[]> {
    if (!this.exists(collection)) return [];
    const rows = this.db
      .prepare(`SELECT id, position, doc FROM ${table(collection)} WHERE id > ? ORDER BY id LIMIT ?`)
      .safeIntegers(true)
      .all(page.afterId ?? '', page.limit) as Row[];
    return rows.map((row) => ({ id: row.id, position: row.position, doc: JSON.parse(row.doc) as T }));
  }

  async find<T = Document>(collection: string, query: FindQuery): Promise<Page<T>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (!this.exists(collection)) return { items: [], nextCursor: null };
    const field = this.fieldIn(collection);
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [path, condition] of Object.entries(query.filter ?? {})) {
      if (typeof condition === 'object' && 'in' in condition) {
        where.push(`${field(path)} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(condition.in.map(bindable)));
      } else if (typeof condition === 'object') {
        // Dates are stored as toISOString() text, whose order is the instants' order.
        for (const [operator, bound] of [['>=', condition.gte], ['<', condition.lt]] as const) {
          if (bound === undefined) continue;
          where.push(`${field(path)} ${operator} ?`);
          params.push(bindable(bound));
        }
      } else {
        where.push(`${field(path)} = ?`);
        params.push(bindable(condition));
      }
    }
    const direction = query.sort?.direction ?? 'asc';
    const sortKey = query.sort ? field(query.sort.field) : 'id';
    const comparator = direction === 'asc' ? '>' : '<';
    if (after) {
      if (query.sort) {
        // A document lacking the field (or holding null) sorts first ascending, last
        // descending, and `x > NULL` is never true: such positions need their own terms.
        if (after.value === null) {
          where.push(direction === 'asc' ? `(${sortKey} IS NOT NULL OR id > ?)` : `(${sortKey} IS NULL AND id < ?)`);
          params.push(after.id);
        } else {
          const nulls = direction === 'asc' ? '' : ` OR ${sortKey} IS NULL`;
          where.push(`(${sortKey} ${comparator} ? OR (${sortKey} = ? AND id ${comparator} ?)${nulls})`);
          params.push(bindable(after.value), bindable(after.value), after.id);
        }
      } else {
        where.push(`id ${comparator} ?`);
        params.push(after.id);
      }
    }
    const order = query.sort ? `${sortKey} ${direction}, id ${direction}` : `id ${direction}`;
    const sql = `SELECT id, doc, ${sortKey} AS sortValue FROM ${table(collection)}
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
    const rows = this.statement(sql).all(...params, query.limit + 1) as { id: string; doc: string; sortValue: Scalar }[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => JSON.parse(row.doc) as T),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ value: query.sort ? last.sortValue : null, id: last.id }) : null,
    };
  }

  async commit(projection: string, writes: DocumentWrite[], checkpoint: bigint, fence?: LeaseFence): Promise<void> {
    // Names checked and documents serialised here, so a bad write fails before anything is
    // sent; documents and checkpoint then move together in one transaction of the writer.
    if (!this.db.open) throw new Error('the read store is closed');
    const tables = new Map<string, TableShape & { fields: string[] }>();
    const texts = documentTexts(writes.map((write) => write.doc));
    const rows: DocumentRow[] = writes.map((write, i) => {
      let shape = tables.get(write.collection);
      if (!shape) {
        const fields = this.columnsOf(write.collection);
        shape = { name: table(write.collection), definition: documentTable(fields.map(column)), columns: fields.map(column), fields };
        tables.set(write.collection, shape);
      }
      const row: DocumentRow = [shape.name, write.id, write.position, texts[i]!];
      for (const name of shape.fields) row.push(columnValue(write.doc[name]));
      return row;
    });
    try {
      await this.writer.commit({ tables: [...tables.values()].map(({ name, definition, columns }) => ({ name, definition, columns })), rows, projection, checkpoint, fence });
    } catch (error) {
      if (fence && (error as { code?: string }).code === LEASE_LOST) throw new LeaseLostError(fence);
      throw error;
    }
  }

  async checkpoint(projection: string): Promise<bigint | null> {
    const position = this.db.prepare('SELECT position FROM checkpoints WHERE projection = ?').safeIntegers(true).pluck().get(projection);
    return (position as bigint | undefined) ?? null;
  }

  async checkpointSource(name: string): Promise<CheckpointSource | null> {
    const row = this.db.prepare('SELECT kind, store_id AS storeId FROM checkpoint_sources WHERE name = ?').get(name) as CheckpointSource | undefined;
    return row ? { kind: row.kind, storeId: row.storeId } : null;
  }

  async recordCheckpointSource(name: string, source: CheckpointSource): Promise<void> {
    // On this connection, as reset is: rare, small, and ordered after the writer's commits by SQLite's lock.
    this.db
      .prepare('INSERT INTO checkpoint_sources (name, kind, store_id) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, store_id = excluded.store_id')
      .run(name, source.kind, source.storeId);
  }

  async tryLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseGrant | null> {
    // One statement, so two connections (two instances on one file) cannot both win. The
    // epoch stays only when the holder renews a lease still running.
    const row = this.db
      .prepare(
        `INSERT INTO leases (name, holder, expires_at, epoch) VALUES (@name, @holder, @until, 1)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
           epoch = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > @now THEN leases.epoch ELSE leases.epoch + 1 END
         WHERE leases.holder = excluded.holder OR leases.expires_at <= @now
         RETURNING holder, epoch, expires_at AS expiresAt`,
      )
      .get({ name, holder, until: now.getTime() + ttlMs, now: now.getTime() }) as LeaseRow | undefined;
    return row ? grantOf(name, row) : null;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    // Expired rather than deleted: the epoch must never start again from 1.
    this.db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?').run(name, holder);
  }

  async lease(name: string): Promise<LeaseGrant | null> {
    const row = this.db.prepare('SELECT holder, epoch, expires_at AS expiresAt FROM leases WHERE name = ?').get(name) as LeaseRow | undefined;
    return row ? grantOf(name, row) : null;
  }

  async readModelVersion(projection: string): Promise<number | null> {
    const version = this.db.prepare('SELECT version FROM read_model_versions WHERE projection = ?').pluck().get(projection);
    return (version as number | undefined) ?? null;
  }

  async recordReadModelVersion(projection: string, version: number): Promise<void> {
    this.db
      .prepare('INSERT INTO read_model_versions (projection, version) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET version = excluded.version')
      .run(projection, version);
  }

  async generations(): Promise<Record<string, ReadModelGenerations>> {
    const rows = this.db.prepare('SELECT projection, live, kept FROM read_model_generations').all() as { projection: string; live: number; kept: string }[];
    return Object.fromEntries(rows.map((row) => [row.projection, { live: row.live, kept: JSON.parse(row.kept) as number[] }]));
  }

  async recordGenerations(records: Record<string, ReadModelGenerations>): Promise<void> {
    const upsert = this.db.prepare(
      'INSERT INTO read_model_generations (projection, live, kept) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET live = excluded.live, kept = excluded.kept',
    );
    this.db.transaction(() => {
      for (const [projection, record] of Object.entries(records)) upsert.run(projection, record.live, JSON.stringify(record.kept));
    }).immediate();
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    this.db.transaction(() => {
      // Checkpoint and tables go together. Dropped, not emptied: far quicker than deleting
      // every row and its index entries.
      this.db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
      for (const collection of collections) this.db.exec(`DROP TABLE IF EXISTS ${table(collection)}`);
    }).immediate();
    for (const collection of collections) {
      this.known.delete(collection);
      this.columns.delete(collection);
    }
    this.statements.clear();
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) this.db.close();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Statements are built from a few fixed shapes; keep each compiled once. */
  private statement(sql: string, safeIntegers = false): Database.Statement {
    const key = `${safeIntegers}:${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql).safeIntegers(safeIntegers);
      this.statements.set(key, statement);
    }
    return statement;
  }

  private exists(collection: string): boolean {
    if (this.known.has(collection)) return true;
    const found = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(`rm_${collection}`);
    if (found) this.known.add(collection);
    return Boolean(found);
  }

  /** Each collection's declared columns (top-level field names), as its table has them. */
  private readonly columns = new Map<string, string[]>();

  /** The columns a collection's table has: declared by ensureCollections, or found in the table another made. */
  private columnsOf(collection: string): string[] {
    let fields = this.columns.get(collection);
    if (!fields) {
      fields = (this.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(`rm_${assertFieldPath(collection)}`) as string[])
        .filter((name) => name.startsWith(COLUMN_PREFIX))
        .map((name) => name.slice(COLUMN_PREFIX.length));
      // Not remembered while the table does not exist: whoever creates it decides.
      if (this.exists(collection)) this.columns.set(collection, fields);
    }
    return fields;
  }

  /** How a query reads a field of a collection's documents: its column when it has one, else from the JSON. */
  private fieldIn(collection: string): (path: string) => string {
    const columns = this.columnsOf(collection);
    return (path) => (columns.includes(path) ? column(path) : field(path));
  }

  private createTable(collection: string, declared: readonly string[]) {
    const name = table(collection);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${name} ${documentTable(declared.map(column))}`);
    this.known.add(collection);
    const present = this.columnsOf(collection);
    const missing = declared.filter((declaredField) => !present.includes(declaredField));
    if (missing.length > 0) {
      // A table made before these columns were declared: they are filled from its documents,
      // and its indexes dropped, to be built again on the columns.
      this.db.transaction(() => {
        for (const added of missing) this.db.exec(`ALTER TABLE ${name} ADD COLUMN ${column(added)}`);
        this.db.exec(`UPDATE ${name} SET ${missing.map((added) => `${column(added)} = ${field(added)}`).join(', ')}`);
        const indexes = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(`rm_${collection}`) as string[];
        for (const index of indexes) this.db.exec(`DROP INDEX "${index}"`);
      }).immediate();
      this.columns.set(collection, [...present, ...missing]);
      this.statements.clear();
    }
  }
}
