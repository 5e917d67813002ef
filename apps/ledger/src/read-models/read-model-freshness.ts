import { Inject, Injectable } from '@nestjs/common';
import { on } from 'node:events';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ProjectorService } from '../projector/projector.service';

export class ReadModelNotReadyError extends Error {
  constructor(readonly position: bigint, readonly waitedMs: number) {
    super(`the read models had not reached position ${position} after ${waitedMs} ms`);
  }
}

/** `?minPosition=` beyond the event store's head: no event is there yet, so waiting cannot reach it. */
export class PositionNotReachedError extends Error {
  constructor(readonly position: bigint, readonly head: bigint) {
    super(`position ${position} is beyond the event store's head (${head}): no read model can reach it`);
  }
}

/**
 * `?minPosition=` support: a query waits until every projection has applied that position,
 * so a client that just wrote reads its own write without sleeping blindly. A position the
 * event store has not reached is refused at once rather than waited for: positions come
 * from the event store (a command's answer), so one beyond its head was never handed out.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly projector: ProjectorService,
  ) {}

  async waitFor(position: bigint | undefined): Promise<void> {
    if (position === undefined || (await this.reached(position))) return;
    const head = await this.events.headPosition();
    if (position > head) throw new PositionNotReachedError(position, head);
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
