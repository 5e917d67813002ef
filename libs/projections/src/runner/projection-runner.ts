import { EventEmitter } from 'node:events';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { FollowedGeneration, followGeneration, GenerationSwitchedError, LeaseFence, ReadStore } from '@ledger/read-store';
import { Projection, versionOf } from '../projection';
import { CheckpointedProcessor } from './checkpointed-processor';
import { rebuildReadModels } from './rebuild';
import { WorkingSet } from './working-set';

export interface RunnerOptions {
  batchSize?: number;
  /** Events per batch when rebuilding from position zero (larger: fewer commits). */
  rebuildBatchSize?: number;
  /** Asked before following, at every (re)start: a reason means the runner does not follow. */
  guard?: () => Promise<string | undefined>;
  /** Told when the stored read models have another shape version and are being rebuilt. */
  onReshape?: (projection: string, from: number, to: number) => void;
}

export interface ProjectionStatus {
  name: string;
  checkpoint: bigint;
  running: boolean;
}

/**
 * Drives one projection from the event store into the read store: takes events in batches,
 * applies the pure reducer in memory, then writes the changed documents and the checkpoint.
 * A document already at or past an event's position ignores it, so redelivery is harmless.
 * Emits 'advanced' with the new checkpoint after each batch. Follows the event store on a
 * CheckpointedProcessor: after a failure it restarts by itself from its checkpoint, with backoff.
 */
export class ProjectionRunner extends EventEmitter {
  private readonly processor: CheckpointedProcessor;
  private position = 0n;
  /** The generation of the read models this runner writes, fixed from one (re)start to the next. */
  private followed?: FollowedGeneration;
  private onError: (error: unknown) => void = () => undefined;
  /** The lease this runner's commits are made under, while it runs under one. */
  private fence?: LeaseFence;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly options: RunnerOptions = {},
  ) {
    super();
    this.processor = new CheckpointedProcessor(events, {
      batchSize: options.batchSize ?? 500,
      guard: options.guard,
      readCheckpoint: async () => {
        // Each (re)start follows the generation live now: after another process's switch,
        // the new one from its own checkpoint.
        const followed = (this.followed = await followGeneration(this.store, this.projection.name));
        await this.reshapeIfChanged(followed.store);
        await followed.store.ensureCollections(this.projection.collections);
        this.position = (await followed.store.checkpoint(this.projection.name)) ?? 0n;
        return this.position;
      },
      handle: (batch) => this.commit(batch),
      onCommitted: (checkpoint) => this.advanced(checkpoint),
      onFailure: (error) => this.onError(error),
    });
  }

  get checkpoint(): bigint {
    return this.position;
  }

  get running(): boolean {
    return this.processor.running;
  }

  /**
   * Starts following the event store from the stored checkpoint; resolves once following (or
   * refused by the guard). `onError` is told of each failure, after which the runner restarts.
   * With a `fence`, every commit carries it, and the read store refuses them once the lease is another's.
   */
  async start(onError: (error: unknown) => void = () => undefined, fence?: LeaseFence): Promise<void> {
    if (this.processor.running) return;
    this.onError = onError;
    this.fence = fence;
    await this.processor.start();
  }

  /** Stops after the batch in hand is written, so the checkpoint matches the documents. */
  async stop(): Promise<void> {
    await this.processor.stop();
  }

  /**
   * Rebuilds this projection from position zero until the event store's head as it was when
   * called (see rebuildReadModels, which rebuilds several in one reading of the events).
   * Reports progress as (position, head).
   */
  async rebuild(onProgress?: (position: bigint, head: bigint) => void): Promise<{ events: number }> {
    await this.stop();
    const { events } = await rebuildReadModels([this.projection], this.events, this.store, { pageSize: this.options.rebuildBatchSize, onProgress });
    this.position = (await this.store.checkpoint(this.projection.name)) ?? 0n;
    return { events };
  }

  /** Applies a batch and commits it with the checkpoint (public for tests that replay by hand). */
  async applyBatch(batch: RecordedEvent[]): Promise<void> {
    await this.commit(batch);
    this.advanced(batch[batch.length - 1]!.position);
  }

  /**
   * Read models stored in another shape than this code writes are dropped and built again
   * from position zero by following the events, as a first start would: no manual step
   * after an upgrade. The new version is recorded with the reset, so an interrupted
   * rebuild continues rather than starting over.
   */
  private async reshapeIfChanged(store: ReadStore): Promise<void> {
    const wanted = versionOf(this.projection);
    const recorded = await store.readModelVersion(this.projection.name);
    if (recorded === wanted) return;
    const stored = recorded ?? 1;
    if (stored !== wanted) {
      // Reset even without a checkpoint: a reset cut short leaves documents behind it.
      if ((await store.checkpoint(this.projection.name)) !== null) this.options.onReshape?.(this.projection.name, stored, wanted);
      await store.reset(this.projection.name, this.projection.collections.map((collection) => collection.name));
    }
    await store.recordReadModelVersion(this.projection.name, wanted);
  }

  /**
   * The documents the batch changes and its last position, in one commit, in the generation
   * followed. Once another is live the batch is dropped: it read the old generation's
   * documents, and the processor restarts on the new one.
   */
  private async commit(batch: RecordedEvent[]): Promise<void> {
    const followed = this.followed ?? (await followGeneration(this.store, this.projection.name));
    const working = new WorkingSet(this.projection, followed.store);
    await working.apply(batch);
    if (!(await followed.stillLive())) {
      const live = await followGeneration(this.store, this.projection.name);
      this.followed = undefined;
      throw new GenerationSwitchedError(this.projection.name, followed.generation, live.generation);
    }
    await followed.store.commit(this.projection.name, working.writes(), batch[batch.length - 1]!.position, this.fence);
  }

  private advanced(checkpoint: bigint): void {
    this.position = checkpoint;
    this.emit('advanced', checkpoint);
  }

  status(): ProjectionStatus {
    return { name: this.projection.name, checkpoint: this.position, running: this.running };
  }
}
