import { fromHex, MerkleFrontier, toHex } from '@ledger/audit';
import { EventStore } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { storedEventHash } from './event-leaf';
import { currentTree } from './tree-reads';

/** A digest an auditor kept: the tree's size and root then. */
export interface KeptDigest {
  treeSize: number;
  rootHash: string;
}

export interface TreeCheck {
  /** The tree recomputed from the events as stored now. */
  recomputed: { treeSize: number; rootHash: string; lastPosition: string };
  /** The tree read model, and whether the recomputed tree of its size has its root. */
  stored: KeptDigest & { matches: boolean };
  /** The auditor's digest, and whether the recomputed tree of its size has its root (absent when none was given). */
  digest?: KeptDigest & { matches: boolean; recomputedRoot: string | null };
}

/**
 * Recomputes the Merkle tree from the stored events, one page at a time, and compares it with
 * the tree read model and with an auditor's earlier digest: the root of every size asked for is
 * taken as the tree grows past it. A read model behind the events (the projector catching up) is
 * compared at its own size.
 */
export async function checkTree(events: EventStore, store: ReadStore, digest?: KeptDigest, pageSize = 5000): Promise<TreeCheck> {
  const stored = await currentTree(store);
  const frontier = MerkleFrontier.empty();
  const rootsAt = new Map<number, string>([[0, toHex(frontier.root())]]);
  const wanted = new Set([stored.treeSize, ...(digest ? [digest.treeSize] : [])]);
  let after: bigint | undefined;
  for (;;) {
    const page = await events.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      frontier.append(fromHex(storedEventHash(event)));
      if (wanted.has(frontier.size)) rootsAt.set(frontier.size, toHex(frontier.root()));
    }
    after = page[page.length - 1]!.position;
  }
  const rootHash = toHex(frontier.root());
  const at = (size: number) => rootsAt.get(size) ?? null;
  return {
    recomputed: { treeSize: frontier.size, rootHash, lastPosition: String(after ?? 0n) },
    stored: { treeSize: stored.treeSize, rootHash: stored.rootHash, matches: at(stored.treeSize) === stored.rootHash },
    ...(digest ? { digest: { ...digest, recomputedRoot: at(digest.treeSize), matches: at(digest.treeSize) === digest.rootHash } } : {}),
  };
}
