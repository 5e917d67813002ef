import { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { compareReadModels, ReadModelDifference, rebuildReadModels } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ProjectorService } from '../projector/projector.service';
import { openScratchReadStore } from '../storage/open-embedded';
import { progressBar } from './progress';

export interface RebuildReport {
  projections: string[];
  /** Events replayed, each into every projection named. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Rebuilds the named projections (all by default) from position zero into the configured
 * read store, in one reading of the events.
 */
export async function rebuildProjections(app: INestApplicationContext, names: string[] = [], showProgress = true): Promise<RebuildReport> {
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const runners = app.get(ProjectorService).runners.filter((r) => names.length === 0 || names.includes(r.projection.name));
  const unknown = names.filter((name) => !runners.some((r) => r.projection.name === name));
  if (unknown.length) throw new Error(`unknown projection(s): ${unknown.join(', ')}`);
  for (const runner of runners) await runner.stop();

  const started = process.hrtime.bigint();
  let bar: ReturnType<typeof progressBar> | undefined;
  const projections = runners.map((r) => r.projection);
  const { events } = await rebuildReadModels(projections, app.get<EventStore>(EVENT_STORE), app.get<ReadStore>(READ_STORE), {
    pageSize: config.projector.rebuildBatchSize,
    onProgress: (position, head) => {
      if (!showProgress) return;
      bar ??= progressBar(projections.map((p) => p.name).join(' + '), Number(head));
      bar.update(Number(position));
    },
  });
  bar?.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { projections: projections.map((p) => p.name), events, seconds, eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)) };
}

/**
 * Proves the live read models are exactly what the events imply: rebuilds every projection
 * into a scratch embedded store and compares document by document.
 */
export async function verifyReadModels(app: INestApplicationContext): Promise<ReadModelDifference[]> {
  const events = app.get<EventStore>(EVENT_STORE);
  const live = app.get<ReadStore>(READ_STORE);
  const folder = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
  const scratch = openScratchReadStore(join(folder, 'rebuilt.sqlite'));
  try {
    const projections = app.get(ProjectorService).runners.map((r) => r.projection);
    await rebuildReadModels(projections, events, scratch);
    const differences: ReadModelDifference[] = [];
    for (const projection of projections) differences.push(...(await compareReadModels(projection, live, scratch)));
    return differences;
  } finally {
    await scratch.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
