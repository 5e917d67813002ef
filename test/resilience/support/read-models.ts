import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { compareReadModels, ProjectionRunner, ReadModelDifference } from '@ledger/projections';
import { LEDGER_PROJECTIONS } from '../../../apps/ledger/src/read-models/ledger-projections';
import { SqliteReadStore } from '@ledger/read-store/sqlite';

export interface ReadModelCheck {
  /** Each projection's checkpoint in the live read store. */
  checkpoints: Record<string, bigint | null>;
  head: bigint;
  differences: ReadModelDifference[];
}

/**
 * Opens a stopped ledger's DATA_DIR directly and rebuilds every projection into a scratch
 * store, from position zero up to the live checkpoint (or the head, with `upTo: 'head'`),
 * then compares document by document with the live read models.
 */
export async function compareWithRebuild(dataDir: string, upTo: 'head' | 'checkpoint' = 'head'): Promise<ReadModelCheck> {
  const events = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  const live = new SqliteReadStore({ file: join(dataDir, 'read-models.sqlite') });
  const folder = mkdtempSync(join(tmpdir(), 'ledger-rebuilt-'));
  const scratch = new SqliteReadStore({ file: join(folder, 'rebuilt.sqlite'), synchronous: 'NORMAL' });
  try {
    const head = await events.headPosition();
    const checkpoints: Record<string, bigint | null> = {};
    const differences: ReadModelDifference[] = [];
    for (const projection of LEDGER_PROJECTIONS) {
      const checkpoint = await live.checkpoint(projection.name);
      checkpoints[projection.name] = checkpoint;
      const runner = new ProjectionRunner(projection, events, scratch, { batchSize: 1000 });
      if (upTo === 'head') {
        await runner.rebuild();
      } else {
        await scratch.ensureCollections(projection.collections);
        let after = 0n;
        const until = checkpoint ?? 0n;
        while (after < until) {
          const batch = (await events.readAll({ after, maxCount: 1000 })).filter((e) => e.position <= until);
          if (batch.length === 0) break;
          await runner.applyBatch(batch);
          after = batch[batch.length - 1]!.position;
        }
      }
      differences.push(...(await compareReadModels(projection, live, scratch)));
    }
    return { checkpoints, head, differences };
  } finally {
    await Promise.allSettled([events.close(), live.close(), scratch.close()]);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The partner profiles of a stopped ledger's embedded read store, by partner id. */
export async function storedPartners(dataDir: string): Promise<Map<string, Record<string, any>>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const store = new SqliteReadStore({ file: join(dataDir, 'read-models.sqlite') });
  try {
    const partners = new Map<string, Record<string, any>>(); // eslint-disable-line @typescript-eslint/no-explicit-any
    let afterId: string | undefined;
    for (;;) {
      const page = await store.scan('partners', { afterId, limit: 500 });
      if (page.length === 0) return partners;
      for (const { id, doc } of page) partners.set(id, doc);
      afterId = page[page.length - 1]!.id;
    }
  } finally {
    await store.close();
  }
}
