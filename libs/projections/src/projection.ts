import { AnyEvent, RecordedEvent } from '@ledger/event-store';
import { CollectionSpec, Document } from '@ledger/read-store';

export interface DocumentRef {
  collection: string;
  id: string;
}

export interface DocumentChange extends DocumentRef {
  doc: Document;
}

/** The documents a projection asked for, as they stand before the event is applied. */
export interface DocumentView {
  get<T extends Document>(collection: string, id: string): T | undefined;
}

/**
 * A projection is a pure reducer over keyed documents: `refs` names the documents an event
 * reads, `apply` returns the documents it changes. The runner loads, batches, skips what a
 * loaded document already reflects, and writes; the projection does no I/O. A document
 * written without being read need not be named: the store never takes a write older than
 * the document it holds.
 */
/** Injection token of the projections an application keeps (a list of Projection). */
export const PROJECTIONS = Symbol('PROJECTIONS');

/** The shape version a projection's documents are built with (read stores of the first release recorded none: 1). */
export const versionOf = (projection: Pick<Projection, 'version'>): number => projection.version ?? 1;

export interface Projection<E extends AnyEvent = AnyEvent> {
  readonly name: string;
  /**
   * The shape of its documents, 1 unless said: raise it whenever stored documents change
   * shape. A read store holding another version is rebuilt by the ledger at start.
   */
  readonly version?: number;
  /**
   * A collection's documents may be derived from documents of the collections listed before
   * it, never after: the runner commits later collections first, so that a commit cut short
   * replays to the same documents (a replay reads source documents as they were before the batch).
   */
  readonly collections: CollectionSpec[];
  refs(event: RecordedEvent<E>): DocumentRef[];
  apply(event: RecordedEvent<E>, view: DocumentView): DocumentChange[];
}

/**
 * A projection over the events `accepts` recognises (an application's own, typed), runnable
 * on everything the store holds: an event it does not recognise names and changes nothing.
 * The runner, the rebuild and the verification take any Projection; this is where a recorded
 * event gets the projection's event type, once.
 */
export function projectionOf<E extends AnyEvent>(accepts: (event: RecordedEvent) => event is RecordedEvent<E>, projection: Projection<E>): Projection {
  return {
    name: projection.name,
    version: projection.version,
    collections: projection.collections,
    refs: (event) => (accepts(event) ? projection.refs(event) : []),
    apply: (event, view) => (accepts(event) ? projection.apply(event, view) : []),
  };
}

