/**
 * The event store port. The ledger's write side and projectors speak only to this;
 * adapters (embedded SQLite, EventStoreDB) give the same guarantees, proven by one
 * contract suite (testing/event-store.contract.ts).
 *
 * Positions are global and strictly increasing but not necessarily contiguous (EventStoreDB
 * positions are log offsets); revisions count from 0 within a stream. Both are bigint.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/**
 * Who caused an event, from where and why: the metadata every ledger event carries, set by
 * the transport that received its command (the application's CommandContext adds receivedAt).
 */
export interface Provenance {
  /** Who caused it: the API key's or the publishing service's name; never a value from a request body. */
  actor: string;
  /** Where it came from: http, kafka:<service>, cli. */
  source: string;
  correlationId: string;
  /** What caused it: the request id or Kafka message id. */
  causationId: string;
  /** The client's idempotency key (HTTP header or Kafka message id), if any. Same key, same command: the original answer and no second effect. */
  idempotencyKey?: string;
}

/** An event's metadata: its provenance, and whatever else an adapter or a writer keeps with it. */
export interface EventMetadata extends Provenance {
  [key: string]: unknown;
}

/**
 * What the store holds of any event: a type and JSON data. The envelope types are generic
 * over the events an application records (the ledger's are its domain's LedgerEvent union);
 * adapters, which store any event, use this default.
 */
export interface AnyEvent {
  type: string;
  data: Record<string, unknown>;
}

/** The envelope fields the writer adds to a domain event. */
export interface NewEnvelope {
  /** UUID; also the idempotency key of the append: the same id twice is recorded once. */
  eventId: string;
  schemaVersion: number;
  /** Business time at the source (ISO-8601). */
  occurredAt: string;
  metadata: EventMetadata;
}

/** The envelope fields the store adds when it records an event. */
export interface RecordedEnvelope extends NewEnvelope {
  streamId: string;
  revision: bigint;
  position: bigint;
  /** Ledger time of the append (ISO-8601). */
  recordedAt: string;
}

/**
 * An event to append: its envelope and the event itself (its `type` and `data`). The
 * intersection distributes over a union of events, so that testing `type` narrows `data`.
 */
export type NewEvent<E extends AnyEvent = AnyEvent> = NewEnvelope & E;

export type RecordedEvent<E extends AnyEvent = AnyEvent> = RecordedEnvelope & E;

export interface AppendResult<E extends AnyEvent = AnyEvent> {
  streamId: string;
  /** The stream's revision after the append (the last event's revision). */
  revision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
  events: RecordedEvent<E>[];
  /** True when every event id was already recorded: nothing was appended this time. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the beginning. */
  after?: bigint;
  maxCount: number;
}

/** A catch-up then live subscription to every ledger event, taken in batches. */
export interface EventSubscription {
  /**
   * Resolves with the next events (at most `maxCount`, at least one), in position order,
   * waiting for new ones when caught up. Resolves with [] once closed or aborted.
   */
  nextBatch(maxCount: number, signal?: AbortSignal): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/**
 * Which event store this is: positions (checkpoints, history ids) mean something only in
 * the store they came from. `storeId` is made once per store and kept in it, so it stays the
 * same across restarts and connections and differs between any two stores.
 */
export interface EventStoreIdentity {
  kind: 'embedded' | 'eventstoredb';
  storeId: string;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** A stream's events; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The events of a stream that carry these ids, in revision order; ids not in that stream
   * are left out. Lets the write side recognise a retried command without reading the whole
   * stream where the store can look ids up.
   */
  findInStream(streamId: string, eventIds: string[]): Promise<RecordedEvent[]>;
  /** Exclusive start: events strictly after `after` (all events when omitted). */
  subscribeToAll(after?: bigint): EventSubscription;
  /** Position of the newest ledger event; 0n when there is none. */
  headPosition(): Promise<bigint>;
  /** This store's identity; created on the first call to a store that has none yet. */
  identity(): Promise<EventStoreIdentity>;
  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
