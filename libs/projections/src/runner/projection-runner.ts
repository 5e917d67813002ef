import { EventEmitter } from 'node:events';
import { EventStore, EventSubscription, RecordedEvent } from '@ledger/event-store';
import { DocumentWrite, ReadStore } from '@ledger/read-store';
import { DocumentRef, Projection, refKey } from '../projection';

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

interface Working {
  ref: DocumentRef;
  doc: Record<string, unknown> | undefined;
  position: bigint;
  dirty: boolean;
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
   * Rebuilds from position zero until the event store's head as it was when called.
   * Reports progress as (position, head).
   */
  async rebuild(onProgress: (position: bigint, head: bigint) => void = () => undefined): Promise<{ events: number }> {
    await this.stop();
    await this.store.reset(this.projection.name, this.projection.collections.map((c) => c.name));
    await this.store.ensureCollections(this.projection.collections);
    this.position = 0n;
    const head = await this.events.headPosition();
    let count = 0;
    while (this.position < head) {
      const batch = await this.events.readAll({ after: this.position, maxCount: this.options.rebuildBatchSize ?? this.batchSize });
      if (batch.length === 0) break;
      await this.applyBatch(batch);
      count += batch.length;
      onProgress(this.position, head);
    }
    return { events: count };
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

  /** Applies a batch and commits it; exported through the class for tests and rebuilds. */
  async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const working = await this.load(batch);
    for (const event of batch) {
      const view = { get: <T>(collection: string, id: string) => working.get(refKey({ collection, id }))?.doc as T | undefined };
      for (const change of this.projection.apply(event, view)) {
        const key = refKey(change);
        const current = working.get(key);
        if (current && current.position >= event.position) continue; // already reflects this event
        working.set(key, { ref: change, doc: change.doc, position: event.position, dirty: true });
      }
    }
    const writes: DocumentWrite[] = [];
    for (const entry of working.values()) {
      if (entry.dirty && entry.doc) writes.push({ ...entry.ref, doc: entry.doc, position: entry.position });
    }
    // Later collections first. A store without transactions may be cut between them; the
    // replay then skips what was written and recomputes the rest from source documents that
    // are still as they were before the batch (see Projection.collections).
    const rank = new Map(this.projection.collections.map((c, i) => [c.name, i]));
    writes.sort((a, b) => (rank.get(b.collection) ?? -1) - (rank.get(a.collection) ?? -1));
    const last = batch[batch.length - 1]!.position;
    await this.store.commit(this.projection.name, writes, last);
    this.position = last;
    this.emit('advanced', last);
  }

  private async load(batch: RecordedEvent[]): Promise<Map<string, Working>> {
    const wanted = new Map<string, Set<string>>();
    for (const event of batch) {
      for (const ref of this.projection.refs(event)) {
        const ids = wanted.get(ref.collection) ?? new Set<string>();
        ids.add(ref.id);
        wanted.set(ref.collection, ids);
      }
    }
    const working = new Map<string, Working>();
    for (const [collection, ids] of wanted) {
      const stored = await this.store.getMany(collection, [...ids]);
      for (const id of ids) {
        const found = stored.get(id);
        working.set(refKey({ collection, id }), { ref: { collection, id }, doc: found?.doc, position: found?.position ?? -1n, dirty: false });
      }
    }
    return working;
  }

  status(): ProjectionStatus {
    return { name: this.projection.name, checkpoint: this.position, running: this.running };
  }
}
