import { fromHex, MerkleFrontier, toHex } from '@ledger/audit';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { storedEventHash } from './event-leaf';
import { currentTree } from './tree-reads';

/** A digest an auditor kept: the tree's size and root then. */
export interface KeptDigest {
  treeSize: number;
  rootHash: string;
}

export interface TreeCheck {
  verified: boolean;
  /** The tree recomputed from the events as stored now. */
  recomputed: { treeSize: number; rootHash: string; lastPosition: string };
  /** The tree read model, and whether the recomputed tree of its size has its root. */
  stored: KeptDigest & { matches: boolean };
  /** The auditor's digest, and the root the recomputed tree has at its size (null: the events do not reach that size). */
  digest?: KeptDigest & { matches: boolean; recomputedRoot: string | null };
}

/**
 * The Merkle tree recomputed from the events as stored, fed one event at a time in position
 * order (by its own reading or beside the chains' check), keeping the roots of the sizes to
 * compare: the tree read model's (a projector behind the events is compared at its own size)
 * and an auditor's digest's.
 */
export class TreeRecomputation {
  private readonly frontier = MerkleFrontier.empty();
  private readonly rootsAt = new Map<number, string>();
  private lastPosition = 0n;

  private constructor(
    private readonly stored: KeptDigest,
    private readonly digest?: KeptDigest,
  ) {
    this.rootsAt.set(0, toHex(this.frontier.root()));
  }

  /** Reads the tree read model's size and root first: the events are walked after. */
  static async start(store: ReadStore, digest?: KeptDigest): Promise<TreeRecomputation> {
    const { treeSize, rootHash } = await currentTree(store);
    return new TreeRecomputation({ treeSize, rootHash }, digest);
  }

  add(event: RecordedEvent): void {
    this.frontier.append(fromHex(storedEventHash(event)));
    this.lastPosition = event.position;
    const size = this.frontier.size;
    if (size === this.stored.treeSize || size === this.digest?.treeSize) this.rootsAt.set(size, toHex(this.frontier.root()));
  }

  result(): TreeCheck {
    const at = (size: number) => this.rootsAt.get(size) ?? null;
    const stored = { ...this.stored, matches: at(this.stored.treeSize) === this.stored.rootHash };
    const digest = this.digest && { ...this.digest, recomputedRoot: at(this.digest.treeSize), matches: at(this.digest.treeSize) === this.digest.rootHash };
    return {
      verified: stored.matches && (digest?.matches ?? true),
      recomputed: { treeSize: this.frontier.size, rootHash: toHex(this.frontier.root()), lastPosition: String(this.lastPosition) },
      stored,
      ...(digest ? { digest } : {}),
    };
  }
}

/** The tree recomputed in a reading of its own, compared with the read model and the digest. */
export async function checkTree(events: EventStore, store: ReadStore, digest?: KeptDigest, pageSize = 5000): Promise<TreeCheck> {
  const tree = await TreeRecomputation.start(store, digest);
  let after: bigint | undefined;
  for (;;) {
    const page = await events.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const event of page) tree.add(event);
    after = page[page.length - 1]!.position;
  }
  return tree.result();
}

/** The tree's lines of `audit verify`. */
export function formatTreeCheck(check: TreeCheck): string[] {
  const { recomputed, stored, digest } = check;
  const lines = [
    `tree: recomputed from the events: size ${recomputed.treeSize}, root ${recomputed.rootHash}`,
    stored.matches
      ? `tree: the tree read model (size ${stored.treeSize}) has the recomputed root`
      : `MISMATCH tree read model: size ${stored.treeSize} root ${stored.rootHash}, recomputed at that size ${stored.treeSize <= recomputed.treeSize ? 'differs' : 'is beyond the events'}`,
  ];
  if (digest) {
    lines.push(digest.matches
      ? `digest: the events still have your root ${digest.rootHash} at size ${digest.treeSize}`
      : `MISMATCH digest: your root at size ${digest.treeSize} is ${digest.rootHash}; the events now give ${digest.recomputedRoot ?? `no tree of that size (they hold ${recomputed.treeSize})`}`);
  }
  return lines;
}
