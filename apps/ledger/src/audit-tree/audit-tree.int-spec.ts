import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, rootOf, toHex, verifyConsistency, verifyInclusion } from '@ledger/audit';
import { DomainError } from '@ledger/domain';
import { NewEvent, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { ProjectionRunner, rebuildReadModels } from '@ledger/projections';
import { ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store/mongodb';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { describeOnMongoServers, scratchDatabase } from '@test/support/mongodb-servers';
import { AUDIT_TREE, AUDIT_TREE_NODES, AuditTreeDocument, TREE_ID } from './audit-tree';
import { auditTreeProjection } from './audit-tree.projection';
import { storedEventHash } from './event-leaf';
import { consistencyProofOf, currentTree, inclusionProofOf } from './tree-reads';

const popcount = (n: number) => n.toString(2).split('').filter((bit) => bit === '1').length;

const newEvent = (n: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, type: n % 3 ? 'PartnerNoted' : 'Other', schemaVersion: 1,
  occurredAt: `2026-01-0${1 + (n % 9)}T00:00:00.000Z`, data: { n, text: `é ${n}` }, metadata: { actor: 'spec', source: 'cli', correlationId: 'c', causationId: `${n}` },
});

/** 37 events over four streams, one append each, interleaved. */
async function record(events: SqliteEventStore, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) await events.append(`s-${n % 4}`, [newEvent(n)], 'any');
}

async function refusal(work: Promise<unknown>): Promise<{ kind: string; code: string }> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { kind: error.kind, code: error.code };
}

function describeAuditTree(name: string, openReadStore: (folder: string) => Promise<ReadStore>) {
  describe(`audit tree on ${name}`, () => {
    let folder: string;
    let events: SqliteEventStore;
    let store: ReadStore;
    let all: RecordedEvent[];

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'ledger-audit-tree-'));
      events = new SqliteEventStore({ file: join(folder, 'events.sqlite') });
      store = await openReadStore(folder);
    });
    afterAll(async () => {
      await store.close();
      await events.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('is empty before any event: size 0 and SHA-256("")', async () => {
      await rebuildReadModels([auditTreeProjection], events, store);
      const tree = await currentTree(store);
      expect({ treeSize: tree.treeSize, rootHash: tree.rootHash }).toEqual({ treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      expect(await refusal(consistencyProofOf(store, 1))).toEqual({ kind: 'invalid', code: 'TREE_SIZE_OUT_OF_RANGE' });
    });

    it('follows the events batch by batch to the tree of RFC 6962 over their hashes, with 2n - popcount(n) nodes in chunks of 15 or waiting', async () => {
      await record(events, 0, 37);
      all = await events.readAll({ maxCount: 1000 });
      const runner = new ProjectionRunner(auditTreeProjection, events, store);
      await store.ensureCollections(auditTreeProjection.collections);
      for (let i = 0; i < all.length; i += 5) await runner.applyBatch(all.slice(i, i + 5));
      const tree = await currentTree(store);
      expect(tree.treeSize).toBe(37);
      expect(tree.rootHash).toBe(toHex(rootOf(all.map((event) => fromHex(storedEventHash(event))))));
      expect(BigInt(tree.lastPosition)).toBe(all[36]!.position);
      // 37 leaves complete four chunks of the lowest band (8 leaves each); the other nodes wait in the state.
      const chunks = await store.scan(AUDIT_TREE_NODES, { limit: 1000 });
      const pending = (await store.get<AuditTreeDocument>(AUDIT_TREE, TREE_ID))?.doc.pending ?? [];
      expect(chunks.map((chunk) => chunk.id).sort()).toEqual(['0:0', '0:1', '0:2', '0:3']);
      expect(chunks.length * 15 + pending.length).toBe(2 * 37 - popcount(37));

      // Redelivered events are leaves already: nothing changes.
      await runner.applyBatch(all.slice(10, 20));
      expect(await currentTree(store)).toEqual(tree);

      // A rebuild in one reading gives the same tree.
      await rebuildReadModels([auditTreeProjection], events, store, { pageSize: 7 });
      expect(await currentTree(store)).toEqual(tree);
    });

    it('proves every event included in every tree that holds it', async () => {
      const roots = Array.from({ length: 38 }, (_, size) => rootOf(all.slice(0, size).map((event) => fromHex(storedEventHash(event)))));
      for (const [index, event] of all.entries()) {
        for (const size of new Set([index + 1, Math.min(37, index + 2), 16, 37].filter((s) => s > index))) {
          const proof = await inclusionProofOf(store, event.eventId, size);
          expect({ leafIndex: proof.leafIndex, treeSize: proof.treeSize, rootHash: proof.rootHash }).toEqual({ leafIndex: index, treeSize: size, rootHash: toHex(roots[size]!) });
          expect(verifyInclusion(fromHex(proof.leafHash), index, size, proof.auditPath.map(fromHex), roots[size]!)).toBe(true);
        }
      }
      expect((await inclusionProofOf(store, all[3]!.eventId)).treeSize).toBe(37);
    });

    it('proves every tree consistent with every earlier one', async () => {
      for (let from = 1; from <= 37; from++) {
        for (const to of new Set([from, from + 1, 32, 37].filter((t) => t >= from && t <= 37))) {
          const proof = await consistencyProofOf(store, from, to);
          expect(verifyConsistency(from, to, fromHex(proof.fromRoot), fromHex(proof.toRoot), proof.consistencyPath.map(fromHex))).toBe(true);
          if (from === to) expect(proof.consistencyPath).toEqual([]);
        }
      }
      expect((await consistencyProofOf(store, 5)).to).toBe(37);
    });

    it('refuses what is not in the tree, and sizes out of range', async () => {
      expect(await refusal(inclusionProofOf(store, 'no-such-event'))).toEqual({ kind: 'not_found', code: 'EVENT_NOT_IN_TREE' });
      for (const size of [0, 10, 38]) expect(await refusal(inclusionProofOf(store, all[10]!.eventId, size))).toEqual({ kind: 'invalid', code: 'TREE_SIZE_OUT_OF_RANGE' });
      for (const [from, to] of [[0, 5], [6, 5], [1, 38], [38, undefined]] as const) {
        expect(await refusal(consistencyProofOf(store, from, to))).toEqual({ kind: 'invalid', code: 'TREE_SIZE_OUT_OF_RANGE' });
      }
    });
  });
}

describeAuditTree('SQLite', async (folder) => new SqliteReadStore({ file: join(folder, 'read.sqlite') }));

describeOnMongoServers('audit tree: MongoDB', (url, server) => {
  const database = scratchDatabase(url, 'audit_tree');
  describeAuditTree(`MongoDB (${server.name})`, () => MongoReadStore.connect({ url, database }));
});
