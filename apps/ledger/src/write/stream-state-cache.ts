/**
 * The write side's memory of streams it has folded: a stream's state at a revision, so the
 * next command on it reads only the events appended since. Streams only grow, so a cached
 * state is never wrong, only possibly behind; the store's expected-revision check catches
 * the rest. Least recently used streams are forgotten beyond `capacity`.
 */
export interface CachedStream {
  /** The decider whose evolve produced the state (one stream, one decider). */
  readonly owner: object;
  readonly revision: bigint;
  /** Global position of the event at that revision. */
  readonly position: bigint;
  readonly state: unknown;
}

export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly capacity: number) {}

  get(streamId: string, owner: object): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.owner !== owner) return undefined;
    this.entries.delete(streamId); // re-insert: most recently used last
    this.entries.set(streamId, entry);
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    if (this.capacity <= 0) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
