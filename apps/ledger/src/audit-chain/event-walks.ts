import { EventStore, RecordedEvent } from '@ledger/event-store';

/** Events read at a time. */
const PAGE = 1000;

/** A stream's events in revision order, read in pages. */
export async function* streamEvents(store: EventStore, streamId: string): AsyncGenerator<RecordedEvent> {
  for (let from = 0n; ; ) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    from = page[page.length - 1]!.revision + 1n;
  }
}

/**
 * Every event recorded up to the head as it was when the walk began, in position order, read
 * in pages; `onProgress` is told the position reached and that head after each page.
 */
export async function* ledgerEvents(store: EventStore, onProgress?: (position: bigint, head: bigint) => void): AsyncGenerator<RecordedEvent> {
  const head = await store.headPosition();
  for (let after = 0n; after < head; ) {
    const page = (await store.readAll({ after, maxCount: PAGE })).filter((event) => event.position <= head);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]!.position;
    onProgress?.(after, head);
  }
}
