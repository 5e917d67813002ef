import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventStoreIdentity } from '@ledger/event-store';
import { CheckpointSource, READ_STORE, ReadStore } from '@ledger/read-store';

/** The maintenance commands a refusal names (README, "Switching event stores"). */
export const REBUILD_COMMAND = 'npm run rebuild';
export const RELAY_RESET_COMMAND = 'npm run ledger -- relay reset';

const described = (source: CheckpointSource) => `${source.kind === 'eventstoredb' ? 'EventStoreDB' : source.kind} event store ${source.storeId}`;
const same = (a: CheckpointSource, b: EventStoreIdentity) => a.kind === b.kind && a.storeId === b.storeId;

/**
 * Checkpoints (and the history ids) are positions in the event store they were taken from;
 * in another store's log the same number means nothing, so following it would skip events or
 * fail. Before a reader (the projectors, the relay) follows the event store from its
 * checkpoints, this compares the event store recorded beside them with the connected one:
 *
 * - none recorded (a new read store, or one from a release before this check): the
 *   connected store is recorded and the reader goes on;
 * - the same: it goes on;
 * - another: it is refused, with what to run; the refusal is logged and kept for
 *   /health/ready. The HTTP API keeps serving.
 */
@Injectable()
export class CheckpointSourceGuard {
  private readonly logger = new Logger('EventStoreSwitch');
  private readonly refused = new Map<string, string>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  /**
   * Undefined when `reader` may follow the event store from the checkpoints `names`;
   * otherwise why not and what to do (`remedy`), which is also logged as an error.
   */
  async check(reader: string, names: readonly string[], remedy: string): Promise<string | undefined> {
    const connected = await this.events.identity();
    const foreign: string[] = [];
    for (const name of names) {
      const recorded = await this.reads.checkpointSource(name);
      if (recorded === null) await this.reads.recordCheckpointSource(name, connected);
      else if (!same(recorded, connected)) foreign.push(`${name} (${described(recorded)})`);
    }
    if (foreign.length === 0) {
      this.refused.delete(reader);
      return undefined;
    }
    const reason =
      `${reader} not started: the ledger is connected to the ${described(connected)}, but the checkpoints ${foreign.join(', ')} ` +
      `are positions in another event store, which mean nothing in this one. ${remedy} (README, "Switching event stores").`;
    this.refused.set(reader, reason);
    this.logger.error(reason);
    return reason;
  }

  /** The readers refused, each with its reason (for /health/ready). */
  get refusals(): string[] {
    return [...this.refused.values()];
  }
}
