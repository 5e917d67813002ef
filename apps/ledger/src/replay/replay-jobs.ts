import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { refuse } from '@ledger/domain';
import { summariseDifference } from '@ledger/projections';
import { Ledger, replayProjections, ReplayOptions, ReplayReport, replayTargets } from './replay';

export interface ReplayJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  projections: string[];
  switch: boolean;
  startedAt: string;
  finishedAt?: string;
  /** Position the rebuild has read up to, and the head when it started. */
  position: bigint;
  head: bigint;
  report?: ReplayReport;
  /** Each difference in one line (summariseDifference). */
  differences?: string[];
  error?: string;
}

/** Jobs kept for their progress to be read; the oldest finished ones are forgotten beyond this. */
const KEPT = 20;

/**
 * Replays started over HTTP, run in this process beside its projector (which keeps the live
 * generation) and remembered here for their progress. The replay's own lease refuses a
 * second one, in this process or another.
 */
@Injectable()
export class ReplayJobs {
  private readonly logger = new Logger('Replay');
  private readonly jobs = new Map<string, ReplayJob>();

  /** The ledger's providers, wherever declared (the stores are the storage module's). */
  private readonly ledger: Ledger;

  constructor(modules: ModuleRef) {
    this.ledger = { get: (token) => modules.get(token, { strict: false }) };
  }

  /** Starts a replay; `now` is when it was asked for. Refuses at once when another one is running here. */
  start(options: Pick<ReplayOptions, 'projections' | 'switch'>, now: Date): ReplayJob {
    if ([...this.jobs.values()].some((job) => job.status === 'running')) throw refuse.conflict('REPLAY_RUNNING', 'a replay is running: wait for it to end');
    replayTargets(this.ledger, options.projections); // an unknown name is refused now, not in the job
    const job: ReplayJob = { id: randomUUID(), status: 'running', projections: options.projections ?? [], switch: options.switch ?? false, startedAt: now.toISOString(), position: 0n, head: 0n };
    this.remember(job);
    replayProjections(this.ledger, {
      ...options,
      onProgress: (position, head) => Object.assign(job, { position, head }),
    }).then(
      (report) => Object.assign(job, { status: 'done', report, differences: report.differences.map((d) => summariseDifference(d)), finishedAt: new Date().toISOString() }),
      (error: unknown) => {
        this.logger.error(`replay ${job.id} failed: ${String(error)}`);
        Object.assign(job, { status: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date().toISOString() });
      },
    );
    return job;
  }

  get(id: string): ReplayJob {
    const job = this.jobs.get(id);
    if (!job) throw refuse.notFound('REPLAY_NOT_FOUND', `no replay ${id} was started by this ledger instance`);
    return job;
  }

  private remember(job: ReplayJob): void {
    this.jobs.set(job.id, job);
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= KEPT) break;
      if (old.status !== 'running') this.jobs.delete(id);
    }
  }
}
