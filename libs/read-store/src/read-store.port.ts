/**
 * The read-store port: named collections of JSON documents that projectors write and
 * queries read. Adapters: embedded (SQLite) and MongoDB, held to one contract suite.
 *
 * Each document remembers the global event position it reflects, so a replayed event
 * changes nothing (exactly-once effect on at-least-once delivery).
 */
export type Scalar = string | number | boolean;
/**
 * A JSON object, whose integers may also be bigints (positions beyond 2^53). Every store
 * keeps integers exact: MongoDB as int64 (`Long`) always, whatever their size, so that sums
 * and sorts of money and counters never meet a double. Read back, an integer is a number,
 * or a bigint beyond 2^53.
 */
export type Document = Record<string, unknown>;

/** Values from `gte` (inclusive) up to `lt` (exclusive); a bound left out does not bound. */
export interface Range {
  gte?: Scalar;
  lt?: Scalar;
}

/** Equality on a (possibly dotted) field, membership in a list, or a range (on a date field, instants as ISO-8601 text in UTC). */
export type Filter = Record<string, Scalar | { in: Scalar[] } | Range>;

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindQuery {
  filter?: Filter;
  /** Ties are broken by document id in the same direction; defaults to id ascending. */
  sort?: SortSpec;
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page<T = Document> {
  items: T[];
  nextCursor: string | null;
}

export interface StoredDocument<T = Document> {
  id: string;
  /** Global position of the last event applied to this document. */
  position: bigint;
  doc: T;
}

export interface DocumentWrite {
  collection: string;
  id: string;
  doc: Document;
  position: bigint;
}

export interface IndexSpec {
  fields: SortSpec[];
}

export interface CollectionSpec {
  name: string;
  /** Every filter and sort the queries use has an index here, so no query scans. */
  indexes: IndexSpec[];
  /**
   * Top-level fields holding an instant as ISO-8601 text in UTC (`Date#toISOString()`).
   * MongoDB stores them as BSON `Date`, so that analysts' ranges compare instants rather
   * than text with offsets; every store gives them back as that text.
   */
  dates?: string[];
  /**
   * Top-level fields holding a scalar (or nothing) that a store may keep beside the document,
   * in a column of their own, for its indexes and queries to read without the document: the
   * embedded store then parses no JSON per index entry. A hint: documents and answers are the
   * same with or without it (MongoDB indexes its documents' fields as they are).
   */
  columns?: string[];
}

/**
 * The event store a checkpoint's positions belong to (the event store port's identity):
 * a position means nothing in another store's log.
 */
export interface CheckpointSource {
  kind: string;
  storeId: string;
}

/**
 * The generations of a projection's collections: each rebuild-and-switch builds the next one
 * beside the live one. Generation 1 is the collections under their own names; generation n
 * (n > 1) adds `__g<n>` to each name, and to the projection's checkpoint.
 */
export interface ReadModelGenerations {
  /** The generation queries and the projector use. */
  live: number;
  /** Every generation whose collections exist (live included): candidates and previous ones. */
  kept: number[];
}

/**
 * What a writer holding a lease shows with its commit: the lease, its holder, and the epoch of
 * this holding. The epoch goes up by one at every take-over (a holder renewing keeps its own),
 * so a holder that lost its lease, even without knowing it yet, carries an epoch that is no
 * longer the current one, and the store refuses its commit.
 */
export interface LeaseFence {
  name: string;
  holder: string;
  epoch: number;
}

/** A lease as granted (or as it stands): its fence and when it runs out unless renewed. */
export interface LeaseGrant extends LeaseFence {
  expiresAt: Date;
}

export interface ReadStore {
  /** Creates collections and their indexes if missing; safe to call at every start. */
  ensureCollections(specs: CollectionSpec[]): Promise<void>;
  get<T = Document>(collection: string, id: string): Promise<StoredDocument<T> | null>;
  getMany<T = Document>(collection: string, ids: string[]): Promise<Map<string, StoredDocument<T>>>;
  find<T = Document>(collection: string, query: FindQuery): Promise<Page<T>>;
  /** Every document of a collection in id order, with ids and positions, a page at a time (for audits). */
  scan<T = Document>(collection: string, page: { afterId?: string; limit: number }): Promise<StoredDocument<T>[]>;
  /**
   * Writes each document unless the stored one already reflects that position or a later
   * one, then records the projection's checkpoint. Documents first, checkpoint last: a
   * crash in between replays events that then change nothing.
   *
   * With a `fence`, the commit is refused (LeaseLostError) unless that lease's current epoch
   * and holder are the fence's: checked atomically with the write where the store has
   * transactions (SQLite); elsewhere (MongoDB) before the documents and again by the
   * checkpoint write itself, which never goes to an epoch older than the checkpoint's. A
   * stale writer that slips between the two writes only documents its successor also writes:
   * each is conditional on its position, so it can never take a document back in time.
   */
  commit(projection: string, writes: DocumentWrite[], checkpoint: bigint, fence?: LeaseFence): Promise<void>;
  checkpoint(projection: string): Promise<bigint | null>;
  /** The event store recorded for the checkpoint `name` (a projection, the relay); null when none was. */
  checkpointSource(name: string): Promise<CheckpointSource | null>;
  /** Records (or replaces) the event store the checkpoint `name` is, from now on, a position of. */
  recordCheckpointSource(name: string, source: CheckpointSource): Promise<void>;
  /** The shape version a projection's read models were built with; null when none was recorded (the first release). */
  readModelVersion(projection: string): Promise<number | null>;
  /** Records the shape version a projection's read models are built with from now on. */
  recordReadModelVersion(projection: string, version: number): Promise<void>;
  /** Each projection's recorded generations; a projection absent has only generation 1, live. */
  generations(): Promise<Record<string, ReadModelGenerations>>;
  /**
   * Records the generations of the projections given, replacing what was recorded for them,
   * each projection's record in one write: a switch of the live generation is atomic.
   */
  recordGenerations(records: Record<string, ReadModelGenerations>): Promise<void>;
  /**
   * Takes or renews the lease `name` for `holder` until `now + ttlMs`: the grant when `holder`
   * holds it now (it was free, expired, or already its own), null when another holder's lease
   * runs on. Several ledger instances share one read store; a lease lets one of them at a time
   * do a piece of work (a projection, the relay, due work), and another take over once the
   * holder stops renewing. The epoch stays while its holder renews a lease still running and
   * goes up by one at any other take (another holder, or after it ran out), never down, even
   * through a release. Time comes from the caller.
   */
  tryLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseGrant | null>;
  /** Gives the lease up if `holder` holds it (at a clean shutdown), so another need not wait for it to expire; its epoch stays. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The lease as it stands (possibly expired), null when never taken: who holds which work, for status pages. */
  lease(name: string): Promise<LeaseGrant | null>;
  /**
   * Forgets a projection's checkpoint and drops its collections with their indexes, for a
   * rebuild from position zero; ensureCollections creates them again. The checkpoint's
   * recorded source stays: the rebuild records the store it reads from.
   */
  reset(projection: string, collections: string[]): Promise<void>;
  close(): Promise<void>;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

/** A commit carried the epoch of a lease its writer no longer holds: another took the work over. */
export class LeaseLostError extends Error {
  constructor(readonly fence: LeaseFence) {
    super(`lease ${fence.name} is no longer held by ${fence.holder} at epoch ${fence.epoch}: another instance took the work over`);
    this.name = 'LeaseLostError';
  }
}

/** The store could not be reached or failed: transient, worth retrying. */
export class ReadStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadStoreUnavailableError';
  }
}

export const READ_STORE = Symbol('READ_STORE');
