import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { lastChainValue, storedChain } from '@ledger/audit';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult, EventStore, EventStoreIdentity, EventSubscription, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { chainAppend } from '../chain-append';
import { ChainTip, ChainTips } from '../chain-tips';
import { priorAppendResult, recognisePriorAppend } from '../idempotent-append';
import { GroupCommit, Outcome } from './group-commit';
import { sqliteSubscription } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** FULL (default) fsyncs every commit; NORMAL trades the last commits on power loss for speed. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscription looks for events appended by another process. */
  pollIntervalMs?: number;
  /** How long a subscription that found a few events waits for more (batching live readers). */
  subscriptionLingerMs?: number;
  /**
   * Hash-chain every appended event (default true). Turned off only by the bench, to measure
   * what hashing costs an append; a ledger never turns it off.
   */
  chain?: boolean;
}

interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  schema_version: bigint;
  occurred_at: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT    NOT NULL UNIQUE,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}

/** An append waiting for its group's commit. */
interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends made in the same turn of the
 * event loop are committed together (one BEGIN IMMEDIATE, one savepoint each, one fsync).
 * UNIQUE(stream_id, revision) makes optimistic concurrency exact and UNIQUE(event_id)
 * makes appends idempotent; AUTOINCREMENT positions are never reused.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly statements;
  private readonly transactions;
  private readonly group = new GroupCommit<AppendRequest, AppendResult>((appends) => this.commitGroup(appends));
  private readonly chainTips = new ChainTips();
  /** The tips the group being committed moves; kept only once it is committed. */
  private readonly groupTips = new Map<string, ChainTip>();

  constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.appended.setMaxListeners(0);
    const prepare = (sql: string) => this.db.prepare(sql).safeIntegers(true);
    this.statements = {
      streamRevision: prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?').pluck(),
      byEventId: prepare('SELECT * FROM events WHERE event_id = ?'),
      insert: prepare(`INSERT INTO events (event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      forwards: prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: prepare('SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: prepare('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
    };
    this.transactions = {
      // Called inside `group`'s transaction, better-sqlite3 runs `insert` in a savepoint: a
      // failed append is undone alone.
      group: this.db.transaction((appends: AppendRequest[]) => appends.map((a) => this.appendInGroup(a))),
      insert: this.db.transaction((a: AppendRequest) => this.insert(a)),
    };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    return this.group.submit({ streamId, events, expected });
  }

  /** Runs a group in one transaction; 'appended' wakes subscriptions once it is committed. */
  private commitGroup(appends: AppendRequest[]): Outcome<AppendResult>[] {
    let outcomes: Outcome<AppendResult>[];
    try {
      outcomes = this.transactions.group.immediate(appends);
      for (const [streamId, tip] of this.groupTips) this.chainTips.set(streamId, tip);
    } finally {
      this.groupTips.clear();
    }
    if (outcomes.some((o) => o.ok && !o.value.duplicate)) this.appended.emit('appended');
    return outcomes;
  }

  private appendInGroup(append: AppendRequest): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.appendOnce(append) };
    } catch (error) {
      // SQLite ends the whole transaction on some errors (I/O, disk full): then the group fails.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }

  /**
   * Inserts without looking the ids up first: a retried or clashing append is rare, and shows
   * as a refused revision or a UNIQUE(event_id) violation. Only then, its savepoint undone,
   * are the ids looked up to tell a retry (answered as the first time) from a reused id.
   */
  private appendOnce(append: AppendRequest): AppendResult {
    try {
      return this.transactions.insert(append);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) && !isEventIdClash(error)) throw error;
      const prior = recognisePriorAppend(append.streamId, append.events, this.recordedWithIds(append.events.map((e) => e.eventId)));
      if (prior) return priorAppendResult(append.streamId, prior);
      throw error; // no id recorded before: the revision was wrong, or the append repeats an id of its own
    }
  }

  private insert({ streamId, events, expected }: AppendRequest): AppendResult {
    const current = this.statements.streamRevision.get(streamId) as bigint | null;
    checkExpected(streamId, expected, current);
    const recordedAt = new Date().toISOString();
    const insert = this.statements.insert;
    const dataJson = events.map((e) => JSON.stringify(e.data)); // first: what JSON cannot hold is refused as before
    const chain = this.options.chain ?? true;
    const first = (current ?? -1n) + 1n;
    const toRecord = chain ? chainAppend(streamId, events, first, recordedAt, current === null ? null : this.chainValueAt(streamId, current)) : events;
    const recorded: RecordedEvent[] = new Array(events.length);
    for (let i = 0; i < toRecord.length; i++) {
      const { eventId, type, schemaVersion, occurredAt, data, metadata } = toRecord[i]!;
      const revision = first + BigInt(i);
      const { lastInsertRowid } = insert.run(
        eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt, dataJson[i], JSON.stringify(metadata),
      );
      recorded[i] = { eventId, type, schemaVersion, occurredAt, data, metadata, streamId, revision, position: lastInsertRowid as bigint, recordedAt };
    }
    const last = recorded[recorded.length - 1]!;
    if (chain) this.groupTips.set(streamId, { revision: last.revision, hash: last.metadata['hash'] as string });
    return { streamId, revision: last.revision, position: last.position, events: recorded, duplicate: false };
  }

  /**
   * The chain value of the stream's event at `revision` (its last): from the tips when they
   * know it, else its stored hash, else (a legacy event) computed over the whole stream once;
   * the next append's hash is stored and read from then on.
   */
  private chainValueAt(streamId: string, revision: bigint): string {
    const inGroup = this.groupTips.get(streamId);
    const known = inGroup?.revision === revision ? inGroup.hash : this.chainTips.current(streamId, revision);
    if (known !== undefined) return known;
    const last = toRecorded(this.statements.backwards.get(streamId, revision, 1) as EventRow);
    const stored = storedChain(last.metadata);
    if (stored) return stored.hash;
    const all = (this.statements.forwards.all(streamId, 0n, -1) as EventRow[]).map(toRecorded);
    return lastChainValue(all)!;
  }

  private recordedWithIds(eventIds: string[]): RecordedEvent[] {
    const recorded: RecordedEvent[] = [];
    for (const id of eventIds) {
      const row = this.statements.byEventId.get(id) as EventRow | undefined;
      if (row !== undefined) recorded.push(toRecorded(row));
    }
    return recorded;
  }

  /**
   * A writer reading a stream that has an append waiting would decide against a revision about
   * to change, and conflict: commit first, as if appends were still committed one by one.
   */
  private commitWaitingAppendsTo(streamId: string): void {
    if (this.group.isWaiting((a) => a.streamId === streamId)) this.group.flush();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.commitWaitingAppendsTo(streamId);
    const limit = options.maxCount ?? -1;
    const rows = options.direction === 'backwards'
      ? this.statements.backwards.all(streamId, options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER), limit)
      : this.statements.forwards.all(streamId, options.fromRevision ?? 0n, limit);
    return (rows as EventRow[]).map(toRecorded);
  }

  async findInStream(streamId: string, eventIds: string[]): Promise<RecordedEvent[]> {
    this.commitWaitingAppendsTo(streamId);
    return eventIds
      .map((id) => this.statements.byEventId.get(id) as EventRow | undefined)
      .filter((row): row is EventRow => row !== undefined && row.stream_id === streamId)
      .map(toRecorded)
      .sort((a, b) => (a.revision < b.revision ? -1 : 1));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return (this.statements.all.all(options.after ?? 0n, options.maxCount) as EventRow[]).map(toRecorded);
  }

  subscribeToAll(after?: bigint): EventSubscription {
    return sqliteSubscription({
      after: after ?? 0n,
      read: (from, maxCount) => this.readAll({ after: from, maxCount }),
      appended: this.appended,
      pollIntervalMs: this.options.pollIntervalMs ?? 250,
      lingerMs: this.options.subscriptionLingerMs ?? 0,
    });
  }

  async headPosition(): Promise<bigint> {
    return this.statements.head.get() as bigint;
  }

  /**
   * A random id kept in the file's `meta` table, made by the first call (so a file from an
   * earlier release gets one at its first start, the same ever after). INSERT OR IGNORE:
   * of two processes opening the file at once, the first insert wins and both read it.
   */
  async identity(): Promise<EventStoreIdentity> {
    if (this.storeId === undefined) {
      this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)").run(randomUUID());
      this.storeId = this.db.prepare("SELECT value FROM meta WHERE key = 'store_id'").pluck().get() as string;
    }
    return { kind: 'embedded', storeId: this.storeId };
  }
  private storeId?: string;

  async close(): Promise<void> {
    this.group.flush(); // answer what is waiting (committed, or refused once closed), never leave it hanging
    this.appended.emit('closed');
    if (this.db.open) this.db.close();
  }
}

/**
 * By its fields, not by `instanceof`: the native addon throws the SqliteError class of the first
 * copy of better-sqlite3 loaded in the process, which under jest is another file's, another realm's.
 */
function isEventIdClash(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
}

function checkExpected(streamId: string, expected: ExpectedRevision, current: bigint | null): void {
  const actual = current === null ? 'no_stream' : current;
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === null) ||
    (expected === 'stream_exists' && current !== null) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
