import { CollectionSpec, DocumentWrite, LeaseFence, ReadModelGenerations, ReadStore } from '../read-store.port';

/** A projection's name and its collections' names: what the store resolves a generation for. */
export interface GenerationOwner {
  name: string;
  collections: { name: string }[];
}

export interface GenerationalReadStoreOptions {
  /**
   * How long the generation record read is trusted for queries. Short, so another process's
   * switch is seen within it; a projector checks the record afresh before every commit.
   */
  cacheMs?: number;
  /** The clock of the cache (tests). */
  now?: () => number;
}

/** Generation 1 keeps the names the collections and checkpoint always had; later ones add `__g<n>`. */
export const inGeneration = (name: string, generation: number): string => (generation === 1 ? name : `${name}__g${generation}`);

/** A projection never replayed: generation 1, live and alone. */
export const FIRST_GENERATION: ReadModelGenerations = { live: 1, kept: [1] };

/** The store a projector follows one generation on, and whether that generation is still the live one. */
export interface FollowedGeneration {
  store: ReadStore;
  generation: number;
  stillLive(): Promise<boolean>;
}

/** Thrown at a projector's commit when another process made another generation live: it restarts on that one. */
export class GenerationSwitchedError extends Error {
  constructor(projection: string, from: number, to: number) {
    super(`read models of ${projection} switched from generation ${from} to ${to}: following the new one from its checkpoint`);
    this.name = 'GenerationSwitchedError';
  }
}

/**
 * A read store whose projections' collections live in generations (see ReadModelGenerations):
 * callers name collections and projections as always, and this resolves them to the live
 * generation's physical names, read from the store's generation record (cached briefly, so
 * every process sees a switch within `cacheMs`). `at` gives a view pinned to chosen
 * generations, where a replay builds a candidate while the live one serves. Collections and
 * checkpoints of no owner pass through unchanged.
 */
export class GenerationalReadStore implements ReadStore {
  private readonly projectionOf = new Map<string, string>();
  private readonly owners = new Set<string>();
  private readonly ownerList: readonly GenerationOwner[];
  private cached?: { at: number; records: Promise<Record<string, ReadModelGenerations>> };

  constructor(
    readonly inner: ReadStore,
    owners: readonly GenerationOwner[],
    private readonly options: GenerationalReadStoreOptions = {},
    private readonly pins: Readonly<Record<string, number>> = {},
    private readonly root?: GenerationalReadStore,
  ) {
    this.ownerList = owners;
    for (const owner of owners) {
      this.owners.add(owner.name);
      for (const collection of owner.collections) this.projectionOf.set(collection.name, owner.name);
    }
  }

  /** A view of the same store with the given projections pinned to the given generations. */
  at(pins: Record<string, number>): GenerationalReadStore {
    return new GenerationalReadStore(this.inner, this.ownerList, this.options, { ...this.pins, ...pins }, this.root ?? this);
  }

  /** The generations recorded for every projection, read afresh. */
  async records(): Promise<Record<string, ReadModelGenerations>> {
    return this.inner.generations();
  }

  /** The live generation of `projection` read afresh, and a view pinned to it for a projector. */
  async follow(projection: string): Promise<FollowedGeneration> {
    const generation = this.pins[projection] ?? (await this.liveGeneration(projection, true));
    return {
      store: this.at({ [projection]: generation }),
      generation,
      stillLive: async () => this.pins[projection] !== undefined || (await this.liveGeneration(projection, true)) === generation,
    };
  }

  async liveGeneration(projection: string, fresh = false): Promise<number> {
    return ((await (fresh ? this.inner.generations() : this.cachedRecords()))[projection] ?? FIRST_GENERATION).live;
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    const physical = await Promise.all(specs.map(async (spec) => ({ ...spec, name: await this.collection(spec.name) })));
    await this.inner.ensureCollections(physical);
  }

  get: ReadStore['get'] = async (collection, id) => this.inner.get(await this.collection(collection), id);
  getMany: ReadStore['getMany'] = async (collection, ids) => this.inner.getMany(await this.collection(collection), ids);
  find: ReadStore['find'] = async (collection, query) => this.inner.find(await this.collection(collection), query);
  scan: ReadStore['scan'] = async (collection, page) => this.inner.scan(await this.collection(collection), page);

  async commit(projection: string, writes: DocumentWrite[], checkpoint: bigint, fence?: LeaseFence): Promise<void> {
    const physical = await Promise.all(writes.map(async (write) => ({ ...write, collection: await this.collection(write.collection) })));
    // Leases are the work's, not a generation's: the fence passes as it is.
    await this.inner.commit(await this.checkpointName(projection), physical, checkpoint, fence);
  }

  checkpoint: ReadStore['checkpoint'] = async (name) => this.inner.checkpoint(await this.checkpointName(name));
  checkpointSource: ReadStore['checkpointSource'] = async (name) => this.inner.checkpointSource(await this.checkpointName(name));
  recordCheckpointSource: ReadStore['recordCheckpointSource'] = async (name, source) => this.inner.recordCheckpointSource(await this.checkpointName(name), source);
  readModelVersion: ReadStore['readModelVersion'] = async (name) => this.inner.readModelVersion(await this.checkpointName(name));
  recordReadModelVersion: ReadStore['recordReadModelVersion'] = async (name, version) => this.inner.recordReadModelVersion(await this.checkpointName(name), version);
  tryLease: ReadStore['tryLease'] = (name, holder, ttlMs, now) => this.inner.tryLease(name, holder, ttlMs, now);
  releaseLease: ReadStore['releaseLease'] = (name, holder) => this.inner.releaseLease(name, holder);
  lease: ReadStore['lease'] = (name) => this.inner.lease(name);
  generations: ReadStore['generations'] = () => this.inner.generations();

  async recordGenerations(records: Record<string, ReadModelGenerations>): Promise<void> {
    await this.inner.recordGenerations(records);
    this.forget();
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    await this.inner.reset(await this.checkpointName(projection), await Promise.all(collections.map((c) => this.collection(c))));
  }

  /** Closes the store underneath; a view (`at`) owns nothing and closes nothing. */
  async close(): Promise<void> {
    if (!this.root) await this.inner.close();
  }

  private forget(): void {
    (this.root ?? this).cached = undefined;
  }

  /** The record, read at most once per `cacheMs` by this store and all its views. */
  private cachedRecords(): Promise<Record<string, ReadModelGenerations>> {
    const home = this.root ?? this;
    const now = (this.options.now ?? Date.now)();
    if (!home.cached || now - home.cached.at >= (this.options.cacheMs ?? 1000)) {
      const records = this.inner.generations();
      home.cached = { at: now, records };
      records.catch(() => {
        if (home.cached?.records === records) home.cached = undefined; // failed: ask again next time
      });
    }
    return home.cached.records;
  }

  private async generationOf(projection: string): Promise<number> {
    return this.pins[projection] ?? (await this.liveGeneration(projection));
  }

  private async collection(name: string): Promise<string> {
    const projection = this.projectionOf.get(name);
    return projection === undefined ? name : inGeneration(name, await this.generationOf(projection));
  }

  private async checkpointName(name: string): Promise<string> {
    return this.owners.has(name) ? inGeneration(name, await this.generationOf(name)) : name;
  }
}

/** The generation a projector follows: the live one of a generational store, else the store itself. */
export async function followGeneration(store: ReadStore, projection: string): Promise<FollowedGeneration> {
  if (store instanceof GenerationalReadStore) return store.follow(projection);
  return { store, generation: 1, stillLive: async () => true };
}
