import { Inject, Injectable } from '@nestjs/common';
import { on } from 'node:events';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ProjectorService } from '../projector/projector.service';

export class ReadModelNotReadyError extends Error {
  constructor(readonly position: bigint, readonly waitedMs: number) {
    super(`the read models had not reached position ${position} after ${waitedMs} ms`);
  }
}

/**
 * `?minPosition=` support: a query waits until every projection has applied that position,
 * so a client that just wrote reads its own write without sleeping blindly.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly projector: ProjectorService,
  ) {}

  async waitFor(position: bigint | undefined): Promise<void> {
    if (position === undefined || (await this.reached(position))) return;
    const timeout = AbortSignal.timeout(this.config.queryWaitMs);
    // Woken by local progress; the poll covers projectors running in another instance.
    const poll = setInterval(() => this.projector.progress.emit('advanced'), 100);
    try {
      for await (const _ of on(this.projector.progress, 'advanced', { signal: timeout })) {
        if (await this.reached(position)) return;
      }
    } catch (error) {
      if (timeout.aborted) throw new ReadModelNotReadyError(position, this.config.queryWaitMs);
      throw error;
    } finally {
      clearInterval(poll);
    }
  }

  private async reached(position: bigint): Promise<boolean> {
    for (const projection of this.projections) {
      if (((await this.store.checkpoint(projection.name)) ?? 0n) < position) return false;
    }
    return true;
  }
}
