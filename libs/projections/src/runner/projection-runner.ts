import { EventEmitter } from 'node:events';
import { EventStore, EventSubscription, RecordedEvent } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { Projection } from '../projection';
import { rebuildReadModels } from './rebuild';
import { WorkingSet } from './working-set';

export interface RunnerOptions {
  batchSize?: number;
  /** Events per batch when rebuilding from position zero (larger: fewer commits). */
  rebuildBatchSize?: number;
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
 * Emits 'advanced' with the new checkpoint after each batch.
 */
export class ProjectionRunner extends EventEmitter {
  private subscription?: EventSubscription;
  private stopping?: AbortController;
  private loop?: Promise<void>;
  private position = 0n;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly options: RunnerOptions = {},
  ) {
    super();
  }

  get checkpoint(): bigint {
    return this.position;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Starts following the event store from the stored checkpoint. */
  async start(onError: (error: unknown) => void = () => undefined): Promise<void> {
    if (this.loop) return;
    await this.store.ensureCollections(this.projection.collections);
    this.position = (await this.store.checkpoint(this.projection.name)) ?? 0n;
    this.stopping = new AbortController();
    this.subscription = this.events.subscribeToAll(this.position);
    const signal = this.stopping.signal;
    this.loop = this.follow(this.subscription, signal).catch((error) => {
      if (!signal.aborted) onError(error);
    });
  }

  /** Stops after the batch in hand is written, so the checkpoint matches the documents. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
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

  private get batchSize() {
    return this.options.batchSize ?? 500;
  }

  private async follow(subscription: EventSubscription, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const batch = await subscription.nextBatch(this.batchSize, signal);
      if (batch.length === 0) return;
      await this.applyBatch(batch);
    }
  }

  /** Applies a batch and commits it with the checkpoint (public for tests that replay by hand). */
  async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const working = new WorkingSet(this.projection, this.store);
    await working.apply(batch);
    const last = batch[batch.length - 1]!.position;
    await this.store.commit(this.projection.name, working.writes(), last);
    this.position = last;
    this.emit('advanced', last);
  }

  status(): ProjectionStatus {
    return { name: this.projection.name, checkpoint: this.position, running: this.running };
  }
}
