import { INestApplicationContext } from '@nestjs/common';
import { refuse } from '@ledger/domain';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { catchUpReadModels, compareReadModels, Projection, ReadModelDifference, rebuildReadModels, versionOf } from '@ledger/projections';
import { FIRST_GENERATION, GenerationalReadStore, READ_STORE, ReadModelGenerations } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ProjectorService } from '../projector/projector.service';

export interface ReplayOptions {
  /** Projections to replay (default: all). */
  projections?: string[];
  /** Make the new generation live once built and compared. */
  switch?: boolean;
  /** Build nothing: catch up, compare and (with `switch`) make live each projection's newest candidate. */
  candidate?: boolean;
  /** Told as the rebuild reads the events: the position reached, and the head when it started. */
  onProgress?: (position: bigint, head: bigint) => void;
}

export interface ReplayReport {
  /** Each projection replayed, the generation live before and the one built. */
  projections: { name: string; live: number; built: number }[];
  /** Events replayed, each into every projection named, and caught up afterwards. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  differences: ReadModelDifference[];
  switched: boolean;
}

/** One replay at a time per read store: two would build the same generation. */
const REPLAY_LEASE = 'read-model-replay';
const LEASE_MS = 60_000;

/** Where a replay finds the ledger's stores and projections: a CLI context, or a running ledger's providers. */
export type Ledger = Pick<INestApplicationContext, 'get'>;

/** The generational read store of a ledger, and its projections (all, or the named ones). */
export function replayTargets(app: Ledger, names: string[] = []) {
  const store = app.get(READ_STORE);
  if (!(store instanceof GenerationalReadStore)) throw new Error('this read store keeps no generations');
  const all = app.get(ProjectorService).runners.map((runner) => runner.projection);
  const unknown = names.filter((name) => !all.some((projection) => projection.name === name));
  if (unknown.length) throw refuse.invalid('UNKNOWN_PROJECTION', `unknown projection(s): ${unknown.join(', ')}; the projections are ${all.map((p) => p.name).join(', ')}`);
  return { store, projections: all.filter((projection) => names.length === 0 || names.includes(projection.name)) };
}

/** Runs `job` holding the replay lease, renewed while it runs. */
async function holdingReplayLease<T>(store: GenerationalReadStore, job: () => Promise<T>): Promise<T> {
  const holder = `replay-${process.pid}-${randomUUID()}`;
  if (!(await store.tryLease(REPLAY_LEASE, holder, LEASE_MS, new Date()))) throw refuse.conflict('REPLAY_RUNNING', 'another replay is running on this read store');
  const renewal = setInterval(() => void store.tryLease(REPLAY_LEASE, holder, LEASE_MS, new Date()).catch(() => undefined), LEASE_MS / 3);
  renewal.unref();
  try {
    return await job();
  } finally {
    clearInterval(renewal);
    await store.releaseLease(REPLAY_LEASE, holder);
  }
}

const recordOf = (records: Record<string, ReadModelGenerations>, projection: Projection) => records[projection.name] ?? FIRST_GENERATION;

/**
 * Rebuilds projections into a fresh generation of their collections while the live one keeps
 * serving (other processes included), catches it up to the head, compares it document by
 * document with the live one and, asked to, makes it live in one write of the generation
 * record. The previous generation is kept (dropPreviousGenerations drops it).
 */
export async function replayProjections(app: Ledger, options: ReplayOptions = {}): Promise<ReplayReport> {
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const events = app.get<EventStore>(EVENT_STORE);
  const { store, projections } = replayTargets(app, options.projections);
  return holdingReplayLease(store, async () => {
    const started = process.hrtime.bigint();
    const records = await store.records();
    const plan = projections.map((projection) => {
      const { live, kept } = recordOf(records, projection);
      const candidates = kept.filter((generation) => generation !== live);
      if (options.candidate && candidates.length === 0) throw new Error(`${projection.name} has no candidate generation: run replay without --candidate`);
      const built = options.candidate ? Math.max(...candidates) : Math.max(...kept) + 1;
      return { projection, live, kept: [...new Set([...kept, built])].sort((a, b) => a - b), built };
    });
    // Recorded before anything is built, so that a replay cut short leaves a generation --drop-previous knows of.
    await store.recordGenerations(Object.fromEntries(plan.map((p) => [p.projection.name, { live: p.live, kept: p.kept }])));
    const candidate = store.at(Object.fromEntries(plan.map((p) => [p.projection.name, p.built])));
    const live = store.at(Object.fromEntries(plan.map((p) => [p.projection.name, p.live])));

    for (const projection of options.candidate ? projections : []) {
      // A candidate built by another release holds documents of another shape: build a new one instead.
      const version = await candidate.readModelVersion(projection.name);
      if (version !== versionOf(projection)) {
        throw refuse.conflict('CANDIDATE_OUTDATED', `the candidate of ${projection.name} holds read models of shape ${version ?? 'unknown'}, this release writes shape ${versionOf(projection)}: run replay without --candidate`);
      }
    }
    let count = 0;
    if (!options.candidate) {
      ({ events: count } = await rebuildReadModels(projections, events, candidate, { pageSize: config.projector.rebuildBatchSize, onProgress: options.onProgress }));
    }
    count += (await catchUpReadModels(projections, events, candidate, { pageSize: config.projector.rebuildBatchSize })).events;

    const differences: ReadModelDifference[] = [];
    for (const projection of projections) {
      // Documents either side changed by events past what both have seen moved on meanwhile, and are passed over.
      const [a, b] = [(await live.checkpoint(projection.name)) ?? 0n, (await candidate.checkpoint(projection.name)) ?? 0n];
      differences.push(...(await compareReadModels(projection, live, candidate, 100, a < b ? a : b)));
    }

    if (options.switch) {
      // Close the gap to the head first, so the projectors that take over have little to catch up.
      count += (await catchUpReadModels(projections, events, candidate, { pageSize: config.projector.rebuildBatchSize })).events;
      await store.recordGenerations(Object.fromEntries(plan.map((p) => [p.projection.name, { live: p.built, kept: p.kept }])));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      projections: plan.map((p) => ({ name: p.projection.name, live: p.live, built: p.built })),
      events: count,
      seconds,
      eventsPerSecond: Math.round(count / Math.max(seconds, 1e-9)),
      differences,
      switched: options.switch ?? false,
    };
  });
}

/** Drops every generation but the live one of the named projections (all by default): previous ones and candidates. */
export async function dropPreviousGenerations(app: Ledger, names: string[] = []): Promise<{ name: string; dropped: number[] }[]> {
  const { store, projections } = replayTargets(app, names);
  return holdingReplayLease(store, async () => {
    const records = await store.records();
    const report: { name: string; dropped: number[] }[] = [];
    for (const projection of projections) {
      const { live, kept } = recordOf(records, projection);
      const dropped = kept.filter((generation) => generation !== live);
      for (const generation of dropped) {
        await store.at({ [projection.name]: generation }).reset(projection.name, projection.collections.map((collection) => collection.name));
      }
      if (dropped.length > 0) await store.recordGenerations({ [projection.name]: { live, kept: [live] } });
      report.push({ name: projection.name, dropped });
    }
    return report;
  });
}
