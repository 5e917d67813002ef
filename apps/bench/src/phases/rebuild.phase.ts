import { loadConfig } from '../../../ledger/src/config/ledger-config';
import { SqliteEventStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import { MongoReadStore, ReadStore, SqliteReadStore } from '@ledger/read-store';
import { SelfPeak } from '../support/memory';
import { progressBar } from '../support/progress';
import { eventsFile, readModelsFile } from './history-generator';

export type ReadStoreTarget = { kind: 'embedded' } | { kind: 'mongodb'; url: string; database: string };

export interface RebuildPhaseArgs {
  dataDir: string;
  batchSize: number;
  /** Events replayed (per projection) at which the first memory peak is read. */
  memoryCheckpoint: number;
  readStore: ReadStoreTarget;
  progress: boolean;
}

export interface RebuildRun {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Memory after `events` were replayed (bytes): resident, and the V8 heap in use. */
export interface MemorySample {
  events: number;
  rss: number;
  heapUsed: number;
}

export interface RebuildPhaseResult {
  /** The whole rebuild: every projection from position zero, one after the other (as `npm run rebuild` does). */
  rebuild: RebuildRun;
  projections: (RebuildRun & { name: string; peakRssAtCheckpoint: number; peakRssAtEnd: number; samples: MemorySample[] })[];
  /** Reading the events alone, in readAll batches of the same size (rows parsed into events): the read side's ceiling. */
  ceiling: RebuildRun & { runs: number[] };
  memory: { checkpointEvents: number };
  peakRss: number;
}

async function readAlone(events: SqliteEventStore, batchSize: number, memory: SelfPeak): Promise<RebuildRun> {
  const head = await events.headPosition();
  const started = process.hrtime.bigint();
  let after = 0n;
  let count = 0;
  while (after < head) {
    const batch = await events.readAll({ after, maxCount: batchSize });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.position;
    count += batch.length;
    if ((count & 0x3fff) < batchSize) memory.sample();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events: count, seconds, eventsPerSecond: count / seconds };
}

/** The ledger's own defaults, as `npm run rebuild` uses them. */
const ledgerDefaults = loadConfig({});

async function openReadStore(args: RebuildPhaseArgs): Promise<ReadStore> {
  if (args.readStore.kind === 'mongodb') return MongoReadStore.connect({ url: args.readStore.url, database: args.readStore.database });
  return new SqliteReadStore({ file: readModelsFile(args.dataDir), synchronous: ledgerDefaults.readModelSynchronous });
}

/**
 * Measurement 3 (and the rebuild's part of 6): rebuilds every projection from position zero
 * into the read store, the way `npm run rebuild` does (ProjectionRunner.rebuild with the
 * ledger's default settings), against reading the events alone in batches of the same size.
 * The ceiling is read before and after the rebuild and the faster kept.
 */
export async function rebuildPhase(args: RebuildPhaseArgs): Promise<RebuildPhaseResult> {
  const memory = new SelfPeak().start(20);
  const events = new SqliteEventStore({ file: eventsFile(args.dataDir), synchronous: 'FULL' });
  const store = await openReadStore(args);
  try {
    const ceilingBefore = await readAlone(events, args.batchSize, memory);

    const projections: RebuildPhaseResult['projections'] = [];
    const started = process.hrtime.bigint();
    for (const projection of LEDGER_PROJECTIONS) {
      const runner = new ProjectionRunner(projection, events, store, { batchSize: args.batchSize, rebuildBatchSize: args.batchSize });
      const bar = progressBar(args.progress, `rebuild ${projection.name} (${args.readStore.kind})`, Number(await events.headPosition()));
      const peak = new SelfPeak();
      let replayed = 0;
      let peakRssAtCheckpoint = 0;
      const samples: MemorySample[] = [];
      const head = Number(await events.headPosition());
      const projectionStarted = process.hrtime.bigint();
      const { events: count } = await runner.rebuild((position) => {
        replayed += 1;
        const rss = peak.sample();
        memory.sample();
        const done = replayed * args.batchSize;
        if (done - args.batchSize < args.memoryCheckpoint) peakRssAtCheckpoint = Math.max(peakRssAtCheckpoint, rss); // up to the batch reaching it
        // About twenty readings along the way, for the record.
        if (samples.length === 0 || Number(position) >= (samples.length * head) / 20) samples.push({ events: Math.min(done, head), rss, heapUsed: process.memoryUsage().heapUsed });
        bar.update(Number(position));
      });
      bar.stop();
      const seconds = Number(process.hrtime.bigint() - projectionStarted) / 1e9;
      projections.push({ name: projection.name, events: count, seconds, eventsPerSecond: count / seconds, peakRssAtCheckpoint, peakRssAtEnd: peak.stop(), samples });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const eventCount = projections[0]?.events ?? 0;

    const ceilingAfter = await readAlone(events, args.batchSize, memory);
    const ceiling = ceilingAfter.eventsPerSecond > ceilingBefore.eventsPerSecond ? ceilingAfter : ceilingBefore;

    return {
      rebuild: { events: eventCount, seconds, eventsPerSecond: eventCount / seconds },
      projections,
      ceiling: { ...ceiling, runs: [ceilingBefore.eventsPerSecond, ceilingAfter.eventsPerSecond] },
      // Flat memory: per projection, the peak once `memoryCheckpoint` events are replayed
      // against the peak at the end.
      memory: { checkpointEvents: args.memoryCheckpoint },
      peakRss: memory.stop(),
    };
  } finally {
    await store.close();
    await events.close();
  }
}
