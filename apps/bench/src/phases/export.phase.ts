import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { exportPages, exportStream } from '../../../ledger/src/audit-search';
import { SelfPeak } from '../support/memory';
import { progressBar } from '../support/progress';
import { eventsFile } from './history-generator';
import { MemorySample, readAlone, RebuildRun } from './rebuild.phase';

export interface ExportPhaseArgs {
  dataDir: string;
  batchSize: number;
  /** Events exported at which the first memory peak is read. */
  memoryCheckpoint: number;
  progress: boolean;
}

export interface ExportPhaseResult {
  /** Every event, as GET /audit/export and `ledger audit export` write them. */
  export: RebuildRun & { bytes: number };
  /** Reading the events alone, in readAll batches of the same size: the export's ceiling. */
  ceiling: RebuildRun;
  /** Flat memory: the peak once `checkpointEvents` events were exported against the peak at the end. */
  memory: { checkpointEvents: number; peakRssAtCheckpoint: number; peakRssAtEnd: number; samples: MemorySample[] };
}

/**
 * Measurement 8: exports the whole history as NDJSON through the ledger's own export stream
 * (one page in memory, the next read once the reader took it) into a reader that keeps
 * nothing, so the rate and memory are the exporter's, not a disk's or a network's.
 */
export async function exportPhase(args: ExportPhaseArgs): Promise<ExportPhaseResult> {
  const events = new SqliteEventStore({ file: eventsFile(args.dataDir), synchronous: 'FULL' });
  try {
    const ceiling = await readAlone(events, args.batchSize, new SelfPeak());
    const head = await events.headPosition();
    const bar = progressBar(args.progress, 'export (NDJSON)', Number(head));
    const peak = new SelfPeak().start(20);
    let peakRssAtCheckpoint = 0;
    const samples: MemorySample[] = [];
    let count = 0;
    let bytes = 0;
    const pages = exportPages(events, { time: 'recorded' }, head, {
      pageSize: args.batchSize,
      onProgress: (position) => {
        const rss = peak.sample();
        const done = Number(position);
        if (done - args.batchSize < args.memoryCheckpoint) peakRssAtCheckpoint = Math.max(peakRssAtCheckpoint, rss);
        if (samples.length === 0 || done >= (samples.length * Number(head)) / 20) samples.push({ events: done, rss, heapUsed: process.memoryUsage().heapUsed });
        bar.update(done);
      },
    });
    const counted = (async function* () {
      for await (const page of pages) {
        count += page.count;
        yield page;
      }
    })();
    const discard = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const started = process.hrtime.bigint();
    await pipeline(exportStream(counted), discard);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    bar.stop();
    const peakRssAtEnd = peak.stop();
    return {
      export: { events: count, seconds, eventsPerSecond: count / seconds, bytes },
      ceiling,
      memory: { checkpointEvents: args.memoryCheckpoint, peakRssAtCheckpoint, peakRssAtEnd, samples },
    };
  } finally {
    await events.close();
  }
}
