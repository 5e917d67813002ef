import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Projection, ProjectionRunner, PROJECTIONS } from '@ledger/projections';
import { GenerationSwitchedError, LeasedWork, LeaseLostError, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { LEASES, LedgerInstance } from '../instances/ledger-instance';
import { CheckpointSourceGuard, REBUILD_COMMAND, RELAY_RESET_COMMAND } from '../storage/checkpoint-source-guard';

/**
 * Runs the projections whose lease this instance holds (each projection has its own:
 * `projection:<name>`), driven by the event store's subscription (never by the in-memory
 * event bus, so a crash between append and projection loses nothing). Several instances
 * share the projections, and take over those of an instance that stops (LeasedWork);
 * every commit carries its lease's fence. One lease per projection rather than one for all:
 * each runner reads and commits on its own, and the work spreads over the instances.
 * A failing runner restarts by itself from its checkpoint, with backoff (CheckpointedProcessor).
 * None starts when the checkpoints are positions of another event store (CheckpointSourceGuard).
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runners: ProjectionRunner[];
  /** Emits 'advanced' whenever any projection commits a batch. */
  readonly progress = new EventEmitter();
  private sourceCheck?: Promise<string | undefined>;
  private readonly leased: LeasedWork[] = [];

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly guard: CheckpointSourceGuard,
    private readonly instance: LedgerInstance,
  ) {
    this.progress.setMaxListeners(0);
    const options = {
      batchSize: config.projector.batchSize,
      rebuildBatchSize: config.projector.rebuildBatchSize,
      guard: () => this.checkSources(),
      onReshape: (projection: string, from: number, to: number) =>
        this.logger.warn(`read models of ${projection} are stored in shape ${from}, this release writes shape ${to}: rebuilding them from the first event`),
    };
    this.runners = projections.map((projection) => new ProjectionRunner(projection, events, store, options));
    for (const runner of this.runners) runner.on('advanced', (position) => this.progress.emit('advanced', position));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) await this.store.ensureCollections(runner.projection.collections);
    if (!this.config.projector.enabled) {
      this.logger.log('projector disabled (PROJECTOR_ENABLED=false): read models are kept by another instance');
      return;
    }
    // Refused by the guard, none follows: the read models stay as they are; the API keeps serving, /health/ready says why.
    for (const runner of this.runners) {
      const work: LeasedWork = this.instance.leased(LEASES.projection(runner.projection.name), {
        start: (fence) => runner.start((error) => this.failed(runner, work, error), fence),
        stop: () => runner.stop(),
      }, this.logger);
      this.leased.push(work);
      await work.start();
    }
  }

  private failed(runner: ProjectionRunner, work: LeasedWork, error: unknown): void {
    if (error instanceof LeaseLostError) work.lost();
    else if (error instanceof GenerationSwitchedError) this.logger.log(error.message);
    else this.logger.error(`projection ${runner.projection.name} failed, restarting from its checkpoint: ${String(error)}`);
  }

  /**
   * One check of every projection's checkpoints, asked by each runner before it follows. Its
   * answer holds for the process (the connected event store does not change under it); a check
   * that could not answer is asked again at the next restart.
   */
  private checkSources(): Promise<string | undefined> {
    return (this.sourceCheck ??= this.guard.check('projectors', this.runners.map((runner) => runner.projection.name),
      `Rebuild the read models from the connected event store with \`${REBUILD_COMMAND}\` (this ledger stopped, or run with PROJECTOR_ENABLED=false), ` +
      `reset the Kafka relay's checkpoint if the relay is used with \`${RELAY_RESET_COMMAND}\`, then start the ledger again`,
    ).catch((error: unknown) => {
      this.sourceCheck = undefined;
      throw error;
    }));
  }

  /** Finishes the batch in hand and commits its checkpoint before the stores close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.leased.map((work) => work.stop()));
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.logger.log('projections stopped at their checkpoints');
  }
}
