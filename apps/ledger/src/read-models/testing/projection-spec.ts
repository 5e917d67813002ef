import { LedgerEvent } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { Projection } from '@ledger/projections';
import { Document } from '@ledger/read-store';

/** An event as a test states it: its type and data, and when it happened. */
export type GivenEvent = LedgerEvent & { occurredAt: string };

/**
 * Projection specifications: given these events (recorded one after another on their
 * streams), then these documents. Runs the projection's refs and apply over an in-memory
 * view, as the runner does, without a store.
 */
export function projectionSpecFor(projection: Projection) {
  return {
    given(events: GivenEvent[]) {
      const documents = new Map<string, Map<string, Document>>();
      events.forEach((given, n) => {
        const recorded: RecordedEvent<LedgerEvent> = {
          ...given, eventId: `event-${n}`, schemaVersion: 1, streamId: `stream-${n}`, revision: 0n, position: BigInt(n + 1),
          recordedAt: given.occurredAt, metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
        };
        const view = { get: <T extends Document>(collection: string, id: string) => documents.get(collection)?.get(id) as T | undefined };
        for (const change of projection.apply(recorded, view)) {
          if (!documents.has(change.collection)) documents.set(change.collection, new Map());
          documents.get(change.collection)!.set(change.id, change.doc);
        }
      });
      const collection = (name: string) => Object.fromEntries(documents.get(name) ?? []);
      return {
        /** Every document of every collection. */
        then(expected: Record<string, Record<string, Document>>) {
          expect(Object.fromEntries([...documents.keys()].map((name) => [name, collection(name)]))).toEqual(expected);
        },
        /** The documents of one collection (a projection may keep several). */
        thenIn(name: string, expected: Record<string, Document>) {
          expect(collection(name)).toEqual(expected);
        },
      };
    },
  };
}
