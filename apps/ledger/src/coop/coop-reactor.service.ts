import { setTimeout as sleep } from 'node:timers/promises';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, streams } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { CheckpointedProcessor } from '@ledger/projections';
import { LeasedWork, LeaseFence, LeaseLostError, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEASES, LedgerInstance } from '../instances/ledger-instance';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandIds } from '../write/command-ids';
import { ProgramVersions } from '../write/program';
import { StreamWriter } from '../write/stream-writer';
import { coopCommandFor, CoopSource, isCoopSource, mayReact, reactionContext, tierWhenRecorded } from './coop-reactions';

/** The reactor's checkpoint in the read store. */
export const COOP_REACTOR_CHECKPOINT = 'coop-reactor';
const BATCH = 200;

/**
 * Brings wins and reversals to the partner's co-op budget: follows the event store from its
 * checkpoint (never the in-memory event bus) and, for each DealWon, executes AccrueCoop on the
 * partner's stream under the rules in force when the deal occurred, at the partner's tier when
 * the win was recorded; for each DealReversed, ClawBackCoop. Each reaction's ids derive from
 * its source event (reactionContext), and the partner's stream refuses a second accrual of a
 * lead: a crash between the append and the checkpoint, a replay from the start or a second
 * instance doing the same records nothing twice. The checkpoint is committed after each
 * batch's reactions. A checkpoint taken in another event store is dropped and the reactor
 * replays the connected one from its start, which the derived ids make harmless.
 * Of several instances, the holder of the lease `coop-reactor` reacts (its checkpoint commits
 * carry the lease's fence); COOP_REACTOR_ENABLED=false keeps an instance from asking for it.
 */
@Injectable()
export class CoopReactorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CoopReactor');
  private readonly processor: CheckpointedProcessor;
  private readonly leased: LeasedWork;
  private fence?: LeaseFence;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly writer: StreamWriter,
    private readonly versions: ProgramVersions,
    instance: LedgerInstance,
  ) {
    this.processor = new CheckpointedProcessor(events, {
      batchSize: BATCH,
      readCheckpoint: () => this.readCheckpoint(),
      handle: (batch) => this.handle(batch),
      onFailure: (error) => {
        if (error instanceof LeaseLostError) this.leased.lost();
        else this.logger.error(`co-op reactor failed, restarting from its checkpoint: ${String(error)}`);
      },
    });
    this.leased = instance.leased(LEASES.coopReactor, {
      start: (fence) => {
        this.fence = fence;
        return this.processor.start();
      },
      stop: () => this.processor.stop(),
    }, this.logger);
  }

  onApplicationBootstrap(): void {
    if (!this.config.coopReactor.enabled) {
      this.logger.log('co-op reactor disabled (COOP_REACTOR_ENABLED=false): accruals and clawbacks are recorded by another instance');
      return;
    }
    void this.leased.start();
  }

  /**
   * Waits until the reactor has reacted to every event up to `position` (its checkpoint in the
   * read store moves whichever instance runs it), at most `waitMs`: so that a reader of the
   * co-op budget who names the position of a win sees its accrual. False when it had not by
   * then; true at once when no reactor ever ran on this read store.
   */
  async reactedTo(position: bigint, waitMs: number): Promise<boolean> {
    const deadline = performance.now() + waitMs;
    for (;;) {
      const checkpoint = await this.store.checkpoint(COOP_REACTOR_CHECKPOINT);
      if (checkpoint === null || checkpoint >= position) return true;
      if (performance.now() >= deadline) return false;
      await sleep(Math.min(25, Math.max(1, deadline - performance.now())));
    }
  }

  /** Lets the batch in hand finish and its checkpoint be committed before the stores close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.leased.stop();
  }

  private async handle(batch: RecordedEvent[]): Promise<void> {
    // A version published by another instance a moment ago judges the wins it covers.
    if (batch.some(isCoopSource)) await this.versions.refresh();
    for (const event of batch) if (isCoopSource(event)) await this.react(event);
    await this.store.commit(COOP_REACTOR_CHECKPOINT, [], batch[batch.length - 1]!.position, this.fence);
  }

  /** The checkpoint, when it is a position of the connected event store. */
  private async readCheckpoint(): Promise<bigint | undefined> {
    const connected = await this.events.identity();
    const recorded = await this.store.checkpointSource(COOP_REACTOR_CHECKPOINT);
    const foreign = recorded !== null && (recorded.kind !== connected.kind || recorded.storeId !== connected.storeId);
    if (foreign) {
      this.logger.warn(`the co-op reactor's checkpoint is a position of another event store (${recorded.kind} ${recorded.storeId}): replaying the connected one from its start`);
      await this.store.reset(COOP_REACTOR_CHECKPOINT, []);
    }
    if (recorded === null || foreign) await this.store.recordCheckpointSource(COOP_REACTOR_CHECKPOINT, connected);
    const checkpoint = await this.store.checkpoint(COOP_REACTOR_CHECKPOINT);
    this.logger.log(`following wins and reversals ${checkpoint === null ? 'from the start' : `after position ${checkpoint}`}`);
    return checkpoint ?? undefined;
  }

  private async react(source: CoopSource): Promise<void> {
    const { partnerId } = source.data;
    const program = await this.versions.at(source.occurredAt);
    if (!mayReact(source, program.rules)) return;
    const tier = source.type === 'DealWon' ? await tierWhenRecorded(this.events, partnerId, source.position) : 'none';
    const command = coopCommandFor(source, tier);
    const context = reactionContext(source, new Date().toISOString());
    try {
      await this.writer.execute({
        streamId: streams.partner(partnerId), decider: program.partner, command, ids: new CommandIds(command.type, context), context, occurredAt: source.occurredAt,
      });
    } catch (error) {
      // A refusal is the same at every replay: logged and passed, so it does not hold every later win back.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`${command.type} for ${describe(source)} refused: ${error.code} ${error.message}`);
    }
  }
}

const describe = (source: RecordedEvent) => `${source.type} ${source.eventId} (position ${source.position})`;
