import { INestApplicationContext } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ExportFilter, exportPages, exportStream } from '../audit-search';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { progressBar } from './progress';

export interface ExportReport {
  events: number;
  through: bigint;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Writes the events an export keeps to `out` (a file, or `-` for standard output) as NDJSON,
 * as GET /audit/export sends them, with a progress bar by position on stderr.
 */
export async function exportEvents(app: INestApplicationContext, filter: ExportFilter, out: string, showProgress: boolean): Promise<ExportReport> {
  const store = app.get<EventStore>(EVENT_STORE);
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const through = await store.headPosition();
  const started = process.hrtime.bigint();
  const bar = showProgress ? progressBar('export', Number(through)) : undefined;
  let events = 0;
  const pages = exportPages(store, filter, through, { pageSize: config.projector.rebuildBatchSize, onProgress: (position) => bar?.update(Number(position)) });
  const counted = (async function* () {
    for await (const page of pages) {
      events += page.count;
      yield page;
    }
  })();
  // Standard output stays open after the export: only a file is ended.
  const target: Writable = out === '-' ? process.stdout : createWriteStream(out);
  try {
    await pipeline(exportStream(counted), target, { end: out !== '-' });
  } catch (error) {
    // A reader of standard output that stops early (`| head`) ends the export, not as a failure.
    if (!(out === '-' && (error as NodeJS.ErrnoException).code === 'EPIPE')) throw error;
  } finally {
    bar?.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, through, seconds, eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)) };
}
