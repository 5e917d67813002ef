import { isDeepStrictEqual } from 'node:util';
import { Document, ReadStore, StoredDocument } from '@ledger/read-store';
import { Projection } from '../projection';

export interface ReadModelDifference {
  collection: string;
  id: string;
  live?: Document;
  rebuilt?: Document;
}

async function* everyDocument(store: ReadStore, collection: string): AsyncGenerator<StoredDocument> {
  let afterId: string | undefined;
  for (;;) {
    const page = await store.scan(collection, { afterId, limit: 500 });
    if (page.length === 0) return;
    yield* page;
    afterId = page[page.length - 1]!.id;
  }
}

/**
 * Proves a read model is exactly what the events imply: walks a projection's collections
 * in the live store and in one rebuilt from position zero, side by side in id order, and
 * returns every document that differs or exists on one side only (at most `limit`).
 */
export async function compareReadModels(projection: Projection, live: ReadStore, rebuilt: ReadStore, limit = 100): Promise<ReadModelDifference[]> {
  const differences: ReadModelDifference[] = [];
  for (const { name: collection } of projection.collections) {
    const left = everyDocument(live, collection);
    const right = everyDocument(rebuilt, collection);
    let a = await left.next();
    let b = await right.next();
    while ((!a.done || !b.done) && differences.length < limit) {
      if (!a.done && (b.done || a.value.id < b.value.id)) {
        differences.push({ collection, id: a.value.id, live: a.value.doc });
        a = await left.next();
      } else if (!b.done && (a.done || b.value.id < a.value.id)) {
        differences.push({ collection, id: b.value.id, rebuilt: b.value.doc });
        b = await right.next();
      } else if (!a.done && !b.done) {
        if (!isDeepStrictEqual(a.value.doc, b.value.doc)) differences.push({ collection, id: a.value.id, live: a.value.doc, rebuilt: b.value.doc });
        a = await left.next();
        b = await right.next();
      }
    }
  }
  return differences;
}
