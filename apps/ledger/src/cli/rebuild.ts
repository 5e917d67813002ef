import { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { compareReadModels, ProjectionRunner, ReadModelDifference } from '@ledger/projections';
import { READ_STORE, ReadStore, SqliteReadStore } from '@ledger/read-store';
import { ProjectorService } from '../projector/projector.service';
import { progressBar } from './progress';

export interface RebuildReport {
  projection: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

async function rebuildWithProgress(runner: ProjectionRunner, showProgress: boolean): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  let bar: ReturnType<typeof progressBar> | undefined;
  const { events } = await runner.rebuild((position, head) => {
    if (!showProgress) return;
    bar ??= progressBar(runner.projection.name, Number(head));
    bar.update(Number(position));
  });
  bar?.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { projection: runner.projection.name, events, seconds, eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)) };
}

/** Rebuilds the named projections (all by default) from position zero into the configured read store. */
export async function rebuildProjections(app: INestApplicationContext, names: string[] = [], showProgress = true): Promise<RebuildReport[]> {
  const runners = app.get(ProjectorService).runners.filter((r) => names.length === 0 || names.includes(r.projection.name));
  const unknown = names.filter((name) => !runners.some((r) => r.projection.name === name));
  if (unknown.length) throw new Error(`unknown projection(s): ${unknown.join(', ')}`);
  const reports: RebuildReport[] = [];
  for (const runner of runners) reports.push(await rebuildWithProgress(runner, showProgress));
  return reports;
}

/**
 * Proves the live read models are exactly what the events imply: rebuilds every projection
 * into a scratch embedded store and compares document by document.
 */
export async function verifyReadModels(app: INestApplicationContext): Promise<ReadModelDifference[]> {
  const events = app.get<EventStore>(EVENT_STORE);
  const live = app.get<ReadStore>(READ_STORE);
  const folder = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
  const scratch = new SqliteReadStore({ file: join(folder, 'rebuilt.sqlite'), synchronous: 'NORMAL' });
  try {
    const differences: ReadModelDifference[] = [];
    for (const { projection } of app.get(ProjectorService).runners) {
      await new ProjectionRunner(projection, events, scratch, { batchSize: 1000 }).rebuild();
      differences.push(...(await compareReadModels(projection, live, scratch)));
    }
    return differences;
  } finally {
    await scratch.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
