import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { Projection, versionOf } from '../projection';
import { WorkingSet } from './working-set';

export interface RebuildOptions {
  /** Events read at a time. */
  pageSize?: number;
  /**
   * Documents a projection holds in memory before it commits them with its checkpoint. A
   * partner's profile then takes one write per commit rather than one per page; memory is
   * bounded by this number, never by the number of events replayed.
   */
  maxHeldDocuments?: number;
  onProgress?: (position: bigint, head: bigint) => void;
}

export interface RebuildResult {
  /** Events replayed (each fed to every projection). */
  events: number;
  /** The head of the event store when the rebuild started: every projection is at least there. */
  head: bigint;
}

export const REBUILD_DEFAULTS = { pageSize: 5000, maxHeldDocuments: 20_000 } as const;

/**
 * Rebuilds projections from position zero in one reading of the events, each event fed to
 * every projection. The read models are dropped first (quicker than deleting every
 * document). Their indexes are built once the documents are written: one sorted build per
 * index costs far less than keeping a dozen of them up row by row (the audit search's).
 * Interrupted, a rebuild leaves checkpoints behind the head that the projector continues
 * from, or that the next rebuild resets. Each checkpoint is recorded as one of this event
 * store's (ReadStore.recordCheckpointSource): that is how a rebuild accepts a new event store.
 */
export async function rebuildReadModels(
  projections: readonly Projection[],
  events: EventStore,
  store: ReadStore,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? REBUILD_DEFAULTS.pageSize;
  const maxHeld = options.maxHeldDocuments ?? REBUILD_DEFAULTS.maxHeldDocuments;
  // The checkpoints written from here on are positions of this event store: say so as soon
  // as the old ones are gone, so that an interrupted rebuild is continued from the same store.
  const source = await events.identity();
  for (const projection of projections) {
    await store.reset(projection.name, projection.collections.map((c) => c.name));
    await store.recordCheckpointSource(projection.name, source);
    await store.recordReadModelVersion(projection.name, versionOf(projection));
    await store.ensureCollections(projection.collections.map((collection) => ({ ...collection, indexes: [] })));
  }
  const working = projections.map((projection) => new Pipelined(new WorkingSet(projection, store), store));
  const head = await events.headPosition();
  let position = 0n;
  let count = 0;
  while (position < head) {
    const page = await events.readAll({ after: position, maxCount: pageSize });
    if (page.length === 0) break;
    position = page[page.length - 1]!.position;
    count += page.length;
    for (const projection of working) {
      await projection.apply(page);
      // A projection that never reads its documents back (the audit events) commits every page:
      // holding them longer only grows the heap.
      if (projection.held >= maxHeld || !projection.readsDocuments) await projection.commit(position);
    }
    options.onProgress?.(position, head);
  }
  for (const projection of working) {
    if (position > 0n) await projection.commit(position);
    await projection.settled();
  }
  // An interrupted rebuild gets them at the ledger's next start (the projector ensures them).
  for (const projection of projections) await store.ensureCollections(projection.collections);
  return { events: count, head };
}

/**
 * A projection's working set whose commit runs while the next pages are read and applied (a
 * store may commit off the event loop). One commit in flight at most, and it must land
 * before documents are loaded again: they may be among the ones it writes.
 */
class Pipelined {
  private inFlight?: Promise<void>;
  private failure?: unknown;

  constructor(
    private readonly set: WorkingSet,
    private readonly store: ReadStore,
  ) {}

  get held(): number {
    return this.set.size;
  }

  get readsDocuments(): boolean {
    return this.set.readsDocuments;
  }

  async apply(page: RecordedEvent[]): Promise<void> {
    await this.set.apply(page, () => this.settled());
  }

  async commit(checkpoint: bigint): Promise<void> {
    await this.settled();
    const writes = this.set.writes();
    this.set.clear();
    // Caught here and rethrown at the next step: a rejection nobody awaits yet would be unhandled.
    this.inFlight = this.store.commit(this.set.projection.name, writes, checkpoint).catch((error: unknown) => {
      this.failure = error;
    });
  }

  async settled(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    if (this.failure !== undefined) throw this.failure;
  }
}
