import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { SelfPeak } from '../support/memory';

export interface AppendPhaseArgs {
  /** Events appended in batches (batch events per append) and one per append. */
  batchedEvents: number;
  singleEvents: number;
  batch: number;
  /** Interleaved runs of each; the median of each is kept. */
  rounds: number;
  workDir?: string;
}

export interface AppendRun {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface AppendPhaseResult {
  batch: number;
  batched: { port: AppendRun; raw: AppendRun; rounds: { port: number[]; raw: number[] } };
  /** The batched appends again through the port with hashing turned off, in the same rounds: what the chain costs. */
  unchained: { port: AppendRun; rounds: number[] };
  single: { port: AppendRun; raw: AppendRun; rounds: { port: number[]; raw: number[] } };
  peakRss: number;
}

/** Streams written to, round robin: each append goes to one stream, as the write side does. */
const STREAMS = 50;

/** Realistic events (an incentive award with its metadata), different ids every time. */
function makeEvents(count: number, tag: string): NewEvent[] {
  const events: NewEvent[] = [];
  for (let i = 0; i < count; i++) {
    const partnerId = `bench-${i % STREAMS}`;
    events.push({
      eventId: `${tag}-${i.toString(16).padStart(12, '0')}-0000-4000-8000-000000000000`,
      type: 'IncentiveAwarded',
      schemaVersion: 1,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      data: {
        partnerId,
        incentiveId: `inc-${tag}-${i}`,
        recipient: { personId: `eng-${i % 7}`, name: 'Dana Example', role: 'presales' },
        kind: 'voucher',
        value: { minor: 15_000 + (i % 1000), currency: 'EUR' },
        reason: 'Q1 challenge: most certified engineers in the region',
      },
      metadata: { actor: 'bench', source: 'cli', correlationId: `corr-${tag}-${i}`, causationId: `cause-${tag}-${i}` },
    });
  }
  return events;
}

/** Groups the events into appends of `size` events, each to one stream. */
function plan(events: NewEvent[], size: number): { streamId: string; events: NewEvent[] }[] {
  const appends: { streamId: string; events: NewEvent[] }[] = [];
  for (let i = 0, n = 0; i < events.length; i += size, n++) {
    appends.push({ streamId: `partner-bench-${n % STREAMS}`, events: events.slice(i, i + size) });
  }
  return appends;
}

async function throughPort(folder: string, appends: ReturnType<typeof plan>, memory: SelfPeak, chain = true): Promise<AppendRun> {
  const store = new SqliteEventStore({ file: join(folder, 'port.sqlite'), synchronous: 'FULL', chain });
  const revisions = new Map<string, bigint>();
  let events = 0;
  const started = process.hrtime.bigint();
  for (const append of appends) {
    const result = await store.append(append.streamId, append.events, revisions.get(append.streamId) ?? 'no_stream');
    revisions.set(append.streamId, result.revision);
    events += append.events.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  memory.sample();
  await store.close();
  return { events, seconds, eventsPerSecond: events / seconds };
}

/**
 * The ceiling: the same rows into the same schema (created by the adapter itself), with the
 * same pragmas (WAL, synchronous=FULL) and the same transactions (BEGIN IMMEDIATE, one per
 * append), through one prepared INSERT of rows serialised beforehand.
 */
async function raw(folder: string, appends: ReturnType<typeof plan>, memory: SelfPeak): Promise<AppendRun> {
  const file = join(folder, 'raw.sqlite');
  await new SqliteEventStore({ file, synchronous: 'FULL' }).close(); // the adapter's own schema
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const recordedAt = new Date().toISOString();
  const revisions = new Map<string, number>();
  const rows = appends.map((append) =>
    append.events.map((e) => {
      const revision = (revisions.get(append.streamId) ?? -1) + 1;
      revisions.set(append.streamId, revision);
      return [e.eventId, append.streamId, revision, e.type, e.schemaVersion, e.occurredAt, recordedAt, JSON.stringify(e.data), JSON.stringify(e.metadata)];
    }),
  );
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const transaction = db.transaction((batch: unknown[][]) => {
    for (const row of batch) insert.run(row);
  });
  let events = 0;
  const started = process.hrtime.bigint();
  for (const batch of rows) {
    transaction.immediate(batch);
    events += batch.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  memory.sample();
  db.close();
  return { events, seconds, eventsPerSecond: events / seconds };
}

const median = (runs: AppendRun[]) => [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor(runs.length / 2)]!;

async function compare(args: AppendPhaseArgs, count: number, size: number, memory: SelfPeak, measureUnchained = false) {
  const port: AppendRun[] = [];
  const rawRuns: AppendRun[] = [];
  const unchained: AppendRun[] = [];
  for (let round = 0; round < args.rounds; round++) {
    const appends = plan(makeEvents(count, `${size}${round}`.padStart(8, '0').slice(-8)), size);
    const order = round % 2 === 0 ? ['port', 'raw', 'unchained'] : ['unchained', 'raw', 'port'];
    for (const which of order.filter((w) => measureUnchained || w !== 'unchained')) {
      const folder = mkdtempSync(join(args.workDir ?? tmpdir(), 'ledger-bench-append-'));
      try {
        if (which === 'port') port.push(await throughPort(folder, appends, memory));
        else if (which === 'unchained') unchained.push(await throughPort(folder, appends, memory, false));
        else rawRuns.push(await raw(folder, appends, memory));
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  return {
    port: median(port), raw: median(rawRuns), rounds: { port: port.map((r) => r.eventsPerSecond), raw: rawRuns.map((r) => r.eventsPerSecond) },
    unchained: unchained.length > 0 ? { port: median(unchained), rounds: unchained.map((r) => r.eventsPerSecond) } : undefined,
  };
}

/**
 * Measurement 1: events/s through the event-store port versus raw inserts, batched and one by
 * one; and the batched appends with the hash chain turned off, for what hashing costs.
 */
export async function appendPhase(args: AppendPhaseArgs): Promise<AppendPhaseResult> {
  const memory = new SelfPeak().start();
  const { unchained, ...batched } = await compare(args, args.batchedEvents, args.batch, memory, true);
  const { unchained: _none, ...single } = await compare(args, args.singleEvents, 1, memory);
  return { batch: args.batch, batched, unchained: unchained!, single, peakRss: memory.stop() };
}
