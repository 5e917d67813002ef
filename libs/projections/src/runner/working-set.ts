import { RecordedEvent } from '@ledger/event-store';
import { DocumentWrite, ReadStore } from '@ledger/read-store';
import { DocumentView, Projection } from '../projection';

interface Working {
  doc: Record<string, unknown> | undefined;
  position: bigint;
  dirty: boolean;
}

/**
 * The documents one projection's events touch between two commits: each loaded once from
 * the read store, changed in memory by the pure reducer, written together. A document
 * already at or past an event's position ignores it, so redelivery is harmless.
 */
export class WorkingSet {
  /** By collection, then id: no key strings built for every event replayed. */
  private readonly entries = new Map<string, Map<string, Working>>();
  private held = 0;
  private reads = false;
  private readonly view: DocumentView = {
    get: <T>(collection: string, id: string) => this.entries.get(collection)?.get(id)?.doc as T | undefined,
  };
  /** Later collections first (see Projection.collections). */
  private readonly rank: Map<string, number>;

  constructor(
    readonly projection: Projection,
    private readonly store: ReadStore,
  ) {
    this.rank = new Map(projection.collections.map((c, i) => [c.name, i]));
  }

  /** Documents held, changed or not: what bounds the memory between commits. */
  get size(): number {
    return this.held;
  }

  /** Whether any event applied so far named documents to read: else holding them gains nothing. */
  get readsDocuments(): boolean {
    return this.reads;
  }

  /** `beforeLoading` runs first when documents must be read from the store. */
  async apply(batch: RecordedEvent[], beforeLoading?: () => Promise<void>): Promise<void> {
    await this.load(batch, beforeLoading);
    for (const event of batch) {
      for (const change of this.projection.apply(event, this.view)) {
        const documents = this.collection(change.collection);
        const current = documents.get(change.id);
        if (current && current.position >= event.position) continue; // already reflects this event
        if (!current) this.held++;
        documents.set(change.id, { doc: change.doc, position: event.position, dirty: true });
      }
    }
  }

  /** The changed documents, later collections first: a store without transactions may be cut between them. */
  writes(): DocumentWrite[] {
    const writes: DocumentWrite[] = [];
    for (const [collection, documents] of this.entries) {
      for (const [id, entry] of documents) {
        if (entry.dirty && entry.doc) writes.push({ collection, id, doc: entry.doc, position: entry.position });
      }
    }
    return writes.sort((a, b) => (this.rank.get(b.collection) ?? -1) - (this.rank.get(a.collection) ?? -1));
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  private collection(name: string): Map<string, Working> {
    let documents = this.entries.get(name);
    if (!documents) this.entries.set(name, (documents = new Map()));
    return documents;
  }

  /** Loads, in one read per collection, the documents the batch names that are not held yet. */
  private async load(batch: RecordedEvent[], beforeLoading?: () => Promise<void>): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    for (const event of batch) {
      for (const ref of this.projection.refs(event)) {
        this.reads = true;
        if (this.entries.get(ref.collection)?.has(ref.id)) continue;
        const ids = wanted.get(ref.collection) ?? new Set<string>();
        ids.add(ref.id);
        wanted.set(ref.collection, ids);
      }
    }
    if (wanted.size > 0) await beforeLoading?.();
    for (const [collection, ids] of wanted) {
      const stored = await this.store.getMany(collection, [...ids]);
      const documents = this.collection(collection);
      for (const id of ids) {
        const found = stored.get(id);
        documents.set(id, { doc: found?.doc, position: found?.position ?? -1n, dirty: false });
        this.held++;
      }
    }
  }
}
