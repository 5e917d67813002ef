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
 * With `settledAt`, a document either side reflects a later event than that is passed
 * over: the live read models moved on while they were compared.
 */
export async function compareReadModels(projection: Projection, live: ReadStore, rebuilt: ReadStore, limit = 100, settledAt?: bigint): Promise<ReadModelDifference[]> {
  const differences: ReadModelDifference[] = [];
  const settled = (document: StoredDocument) => settledAt === undefined || document.position <= settledAt;
  for (const { name: collection } of projection.collections) {
    const left = everyDocument(live, collection);
    const right = everyDocument(rebuilt, collection);
    let a = await left.next();
    let b = await right.next();
    while ((!a.done || !b.done) && differences.length < limit) {
      if (!a.done && (b.done || a.value.id < b.value.id)) {
        if (settled(a.value)) differences.push({ collection, id: a.value.id, live: a.value.doc });
        a = await left.next();
      } else if (!b.done && (a.done || b.value.id < a.value.id)) {
        if (settled(b.value)) differences.push({ collection, id: b.value.id, rebuilt: b.value.doc });
        b = await right.next();
      } else if (!a.done && !b.done) {
        if (settled(a.value) && settled(b.value) && !isDeepStrictEqual(a.value.doc, b.value.doc)) {
          differences.push({ collection, id: a.value.id, live: a.value.doc, rebuilt: b.value.doc });
        }
        a = await left.next();
        b = await right.next();
      }
    }
  }
  return differences;
}

/** A difference in one line: the fields that differ, live value then rebuilt, each cut short. */
export function summariseDifference(difference: ReadModelDifference, width = 60): string {
  const shown = (value: unknown) => {
    const text = value === undefined ? 'absent' : JSON.stringify(value);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };
  const where = `${difference.collection}/${difference.id}`;
  if (!difference.rebuilt) return `${where}: only in the live read models ${shown(difference.live)}`;
  if (!difference.live) return `${where}: missing from the live read models, rebuilt ${shown(difference.rebuilt)}`;
  const { live, rebuilt } = difference;
  const fields = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].filter((key) => !isDeepStrictEqual(live[key], rebuilt[key]));
  return `${where}: ${fields.map((key) => `${key} live ${shown(live[key])} rebuilt ${shown(rebuilt[key])}`).join('; ')}`;
}
