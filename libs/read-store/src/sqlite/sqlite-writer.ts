import { Worker } from 'node:worker_threads';

/** One document row for the writer: table (quoted, already checked), id, position, JSON text, then its column values (in the table's order). */
export type DocumentRow = [table: string, id: string, position: bigint, doc: string, ...columns: unknown[]];

/** A table a commit writes: its name (quoted, already checked), its definition, and the quoted names of its columns beyond the document's. */
export interface TableShape {
  name: string;
  definition: string;
  columns: string[];
}

interface CommitRequest {
  id: number;
  tables: TableShape[];
  rows: DocumentRow[];
  projection: string;
  checkpoint: bigint;
  /** The lease the commit is made under: checked inside its transaction. */
  fence?: { name: string; holder: string; epoch: number };
}

interface CommitReply {
  id: number;
  error?: { message: string; code?: string };
}

/** Every collection's table: the document, its id and the position it reflects, then the columns it declares (no type: values as given). */
export const documentTable = (columns: readonly string[]) =>
  `(id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc TEXT NOT NULL${columns.map((column) => `, ${column}`).join('')})`;

export interface SqliteWriterOptions {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
}

/**
 * The body of the writer thread. It runs from its source text (`eval`), so it must use
 * nothing but its own requires: the same code then serves the compiled ledger and the
 * TypeScript sources under test, with no loader in the thread.
 */
function writerThread(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require(workerData.driver);
  const db = new Database(workerData.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${workerData.synchronous}`);
  db.pragma('busy_timeout = 5000');
  const upserts = new Map();
  const columnsOf = new Map();
  const upsert = (table: string) => {
    let statement = upserts.get(table);
    if (!statement) {
      const columns: string[] = columnsOf.get(table) ?? [];
      const names = ['id', 'position', 'doc', ...columns];
      statement = db.prepare(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${names.slice(1).map((name) => `${name} = excluded.${name}`).join(', ')} WHERE excluded.position > ${table}.position`,
      );
      upserts.set(table, statement);
    }
    return statement;
  };
  const checkpoint = db.prepare(
    'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
  );
  const lease = db.prepare('SELECT holder, epoch FROM leases WHERE name = ?');
  const commit = db.transaction((request: CommitRequest) => {
    // The fence, inside the transaction that writes: no other holder can commit in between.
    if (request.fence) {
      const current = lease.get(request.fence.name);
      if (!current || current.holder !== request.fence.holder || current.epoch !== request.fence.epoch) {
        throw Object.assign(new Error(`lease ${request.fence.name} lost`), { code: 'LEASE_LOST' });
      }
    }
    // Every time: another connection may have dropped a table since (a rebuild's reset).
    for (const table of request.tables) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table.name} ${table.definition}`);
      // A table's columns change only when it is made again (a rebuild's reset): its statement with them.
      if (String(columnsOf.get(table.name) ?? []) !== String(table.columns)) {
        columnsOf.set(table.name, table.columns);
        upserts.delete(table.name);
      }
    }
    for (const row of request.rows) upsert(row[0]).run(...row.slice(1));
    checkpoint.run(request.projection, request.checkpoint);
  });
  parentPort.on('message', (request: CommitRequest | 'close') => {
    if (request === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    try {
      commit.immediate(request);
      parentPort.postMessage({ id: request.id });
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      parentPort.postMessage({ id: request.id, error: { message, code } });
    }
  });
}

/**
 * Commits of the embedded read store, on a thread of their own: the projector's writes
 * (a rebuild's millions of rows) then run beside the event loop instead of on it. One
 * connection, commits in the order asked, each one transaction; a commit's promise settles
 * when SQLite has committed it.
 */
export class SqliteWriter {
  private worker?: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private next = 0;
  private closed = false;

  constructor(private readonly options: SqliteWriterOptions) {}

  commit(request: Omit<CommitRequest, 'id'>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the read store is closed'));
    const worker = this.start();
    const id = this.next++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // a commit in flight keeps the process alive; an idle writer does not
      worker.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage('close'); // after every commit already asked for
    await exited;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(`(${writerThread.toString()})()`, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: this.options.file, synchronous: this.options.synchronous },
    });
    worker.unref();
    worker.on('message', (reply: CommitReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (reply.error) waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else waiting.resolve();
    });
    // A thread that died takes its unanswered commits with it; the next commit starts another.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [, waiting] of this.pending) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read store's writer thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
