import { loadConfig } from '../../../ledger/src/config/ledger-config';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { rebuildReadModels } from '@ledger/projections';
import { LEDGER_PROJECTIONS } from '../../../ledger/src/read-models/ledger-projections';
import { auditTreeProjection } from '../../../ledger/src/audit-tree';
import { ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store/mongodb';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
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
  /** Every projection from position zero in one reading of the events, as `npm run rebuild` does. */
  rebuild: RebuildRun & { projections: string[] };
  /** Reading the events alone, in readAll batches of the same size (rows parsed into events): the read side's ceiling. */
  ceiling: RebuildRun & { runs: number[] };
  /** Flat memory: the peak once `checkpointEvents` events were replayed against the peak at the end. */
  memory: { checkpointEvents: number; peakRssAtCheckpoint: number; peakRssAtEnd: number; samples: MemorySample[] };
  /** The audit tree alone rebuilt from position zero: the cost its maintenance adds to every rebuild. */
  auditTree: RebuildRun;
  peakRss: number;
}

/** Reading every event in readAll batches, nothing else: the ceiling of any work that reads them all. */
export async function readAlone(events: SqliteEventStore, batchSize: number, memory: SelfPeak): Promise<RebuildRun> {
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
 * into the read store the way `npm run rebuild` does (rebuildReadModels with the ledger's
 * default settings), against reading the events alone in pages of the same size. The
 * ceiling is read before and after the rebuild and the faster kept.
 */
export async function rebuildPhase(args: RebuildPhaseArgs): Promise<RebuildPhaseResult> {
  const memory = new SelfPeak().start(20);
  const events = new SqliteEventStore({ file: eventsFile(args.dataDir), synchronous: 'FULL' });
  const store = await openReadStore(args);
  try {
    const ceilingBefore = await readAlone(events, args.batchSize, memory);

    const head = Number(await events.headPosition());
    const bar = progressBar(args.progress, `rebuild (${args.readStore.kind})`, head);
    const peak = new SelfPeak();
    let peakRssAtCheckpoint = 0;
    const samples: MemorySample[] = [];
    const started = process.hrtime.bigint();
    const { events: count } = await rebuildReadModels(LEDGER_PROJECTIONS, events, store, {
      pageSize: args.batchSize,
      onProgress: (position) => {
        const rss = peak.sample();
        memory.sample();
        const done = Number(position);
        if (done - args.batchSize < args.memoryCheckpoint) peakRssAtCheckpoint = Math.max(peakRssAtCheckpoint, rss); // up to the page reaching it
        // About twenty readings along the way, for the record.
        if (samples.length === 0 || done >= (samples.length * head) / 20) samples.push({ events: done, rss, heapUsed: process.memoryUsage().heapUsed });
        bar.update(done);
      },
    });
    bar.stop();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRssAtEnd = peak.stop();

    const treeStarted = process.hrtime.bigint();
    const { events: treeEvents } = await rebuildReadModels([auditTreeProjection], events, store, { pageSize: args.batchSize, onProgress: () => memory.sample() });
    const treeSeconds = Number(process.hrtime.bigint() - treeStarted) / 1e9;

    const ceilingAfter = await readAlone(events, args.batchSize, memory);
    const ceiling = ceilingAfter.eventsPerSecond > ceilingBefore.eventsPerSecond ? ceilingAfter : ceilingBefore;

    return {
      rebuild: { events: count, seconds, eventsPerSecond: count / seconds, projections: LEDGER_PROJECTIONS.map((p) => p.name) },
      ceiling: { ...ceiling, runs: [ceilingBefore.eventsPerSecond, ceilingAfter.eventsPerSecond] },
      memory: { checkpointEvents: args.memoryCheckpoint, peakRssAtCheckpoint, peakRssAtEnd, samples },
      auditTree: { events: treeEvents, seconds: treeSeconds, eventsPerSecond: treeEvents / treeSeconds },
      peakRss: memory.stop(),
    };
  } finally {
    await store.close();
    await events.close();
  }
}
