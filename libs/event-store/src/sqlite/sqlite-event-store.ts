import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult, EventStore, EventSubscription, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent,
} from '../event-store.port';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { priorAppendResult, recognisePriorAppend } from '../idempotent-append';
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

/**
 * The embedded event store: one SQLite file in WAL mode, one transaction per append.
 * UNIQUE(stream_id, revision) makes optimistic concurrency exact and UNIQUE(event_id)
 * makes appends idempotent; AUTOINCREMENT positions are never reused.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly statements;

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
                       VALUES (@eventId, @streamId, @revision, @type, @schemaVersion, @occurredAt, @recordedAt, @data, @metadata)`),
      forwards: prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: prepare('SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: prepare('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
    };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const result = this.appendInTransaction.immediate(streamId, events, expected);
    if (!result.duplicate) this.appended.emit('appended');
    return result;
  }

  private readonly appendInTransaction = this.lazyTransaction((streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult => {
    const recorded = events
      .map((e) => this.statements.byEventId.get(e.eventId) as EventRow | undefined)
      .filter((row): row is EventRow => row !== undefined)
      .map(toRecorded);
    const prior = recognisePriorAppend(streamId, events, recorded);
    if (prior) return priorAppendResult(streamId, prior);

    const current = this.statements.streamRevision.get(streamId) as bigint | null;
    checkExpected(streamId, expected, current);
    const recordedAt = new Date().toISOString();
    let revision = current === null ? -1n : current;
    const appended: RecordedEvent[] = [];
    for (const event of events) {
      revision += 1n;
      const info = this.statements.insert.run({
        eventId: event.eventId, streamId, revision, type: event.type, schemaVersion: event.schemaVersion,
        occurredAt: event.occurredAt, recordedAt, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata),
      });
      appended.push({ ...event, streamId, revision, position: BigInt(info.lastInsertRowid), recordedAt });
    }
    const last = appended[appended.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: appended, duplicate: false };
  });

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? -1;
    const rows = options.direction === 'backwards'
      ? this.statements.backwards.all(streamId, options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER), limit)
      : this.statements.forwards.all(streamId, options.fromRevision ?? 0n, limit);
    return (rows as EventRow[]).map(toRecorded);
  }

  async findInStream(streamId: string, eventIds: string[]): Promise<RecordedEvent[]> {
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

  async close(): Promise<void> {
    this.appended.emit('closed');
    if (this.db.open) this.db.close();
  }

  /** better-sqlite3 transactions are created from the open database; build it on first use. */
  private lazyTransaction<A extends unknown[], R>(fn: (...args: A) => R) {
    let tx: Database.Transaction<(...args: A) => R> | undefined;
    return { immediate: (...args: A): R => (tx ??= this.db.transaction(fn)).immediate(...args) };
  }
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
