import { consistencyRanges, fromHex, hashRanges, inclusionRanges, NodeId, NodeReader, toHex } from '@ledger/audit';
import { refuse } from '@ledger/domain';
import { ReadStore } from '@ledger/read-store';
import { AUDIT_TREE, AUDIT_TREE_LEAVES, AUDIT_TREE_NODES, AuditTreeDocument, AuditTreeLeafDocument, FrontierNode, TREE_ID } from './audit-tree';
import { EMPTY_TREE, rootOfTree } from './audit-tree.projection';
import { AuditTreeChunkDocument, placeOf } from './node-chunks';

/** The tree's stored nodes, read in one query per proof: from their chunks, or from the state's pending ones. */
export class ReadStoreNodes implements NodeReader {
  private readonly pending: Map<string, string>;

  constructor(
    private readonly store: ReadStore,
    pending: readonly FrontierNode[],
  ) {
    this.pending = new Map(pending.map((node) => [`${node.level}:${node.index}`, node.hash]));
  }

  async get(level: number, index: number): Promise<Uint8Array> {
    const [hash] = await this.getMany([{ level, index }]);
    return hash!;
  }

  async getMany(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    const places = ids.map((id) => placeOf(id.level, id.index));
    const chunks = await this.store.getMany<AuditTreeChunkDocument>(AUDIT_TREE_NODES, [...new Set(places.map((place) => place.id))]);
    return ids.map((id, i) => {
      const key = `${id.level}:${id.index}`;
      const hash = chunks.get(places[i]!.id)?.doc.hashes[places[i]!.offset] ?? this.pending.get(key);
      // Every node of the current size is written before the state that counts it: a gap is damage.
      if (hash === undefined) throw new Error(`audit tree node ${key} is missing from the read store`);
      return fromHex(hash);
    });
  }
}

/** The tree's size, root and last position now. */
export interface TreeHead {
  treeSize: number;
  rootHash: string;
  lastPosition: bigint;
}

/** The tree's head, with the nodes its state holds that no chunk does yet. */
async function treeNow(store: ReadStore): Promise<TreeHead & { pending: FrontierNode[] }> {
  const tree = (await store.get<AuditTreeDocument>(AUDIT_TREE, TREE_ID))?.doc ?? EMPTY_TREE;
  return { treeSize: tree.treeSize, rootHash: rootOfTree(tree), lastPosition: BigInt(tree.lastPosition), pending: tree.pending ?? [] };
}

export async function currentTree(store: ReadStore): Promise<TreeHead> {
  const { treeSize, rootHash, lastPosition } = await treeNow(store);
  return { treeSize, rootHash, lastPosition };
}

const outOfRange = (message: string, details: Record<string, unknown>) => refuse.invalid('TREE_SIZE_OUT_OF_RANGE', message, details);

export interface InclusionProof {
  eventId: string;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
  rootHash: string;
}

/** RFC 9162 §2.1.3: the event is leaf `leafIndex` of the tree of `treeSize` (default: the current size). */
export async function inclusionProofOf(store: ReadStore, eventId: string, treeSize?: number): Promise<InclusionProof> {
  const [leaf, tree] = await Promise.all([store.get<AuditTreeLeafDocument>(AUDIT_TREE_LEAVES, eventId), treeNow(store)]);
  // A leaf written ahead of the state that counts it is not in the tree yet.
  if (!leaf || leaf.doc.leafIndex >= tree.treeSize) {
    throw refuse.notFound('EVENT_NOT_IN_TREE', `event ${eventId} is not in the audit tree (unknown, or not yet appended)`, { eventId });
  }
  const { leafIndex, leafHash } = leaf.doc;
  const size = treeSize ?? tree.treeSize;
  if (size <= leafIndex || size > tree.treeSize) {
    throw outOfRange(`treeSize must be above the event's leaf index ${leafIndex} and at most the tree's size ${tree.treeSize}`, { leafIndex, treeSize: tree.treeSize });
  }
  const hashes = await hashRanges(new ReadStoreNodes(store, tree.pending), [...inclusionRanges(leafIndex, size), { start: 0, end: size }]);
  const root = hashes.pop()!;
  return { eventId, leafIndex, treeSize: size, leafHash, auditPath: hashes.map(toHex), rootHash: toHex(root) };
}

export interface ConsistencyProof {
  from: number;
  to: number;
  consistencyPath: string[];
  fromRoot: string;
  toRoot: string;
}

/** RFC 9162 §2.1.4: the tree of size `to` (default: the current size) extends the tree of size `from`. */
export async function consistencyProofOf(store: ReadStore, from: number, to?: number): Promise<ConsistencyProof> {
  const tree = await treeNow(store);
  const end = to ?? tree.treeSize;
  if (from < 1 || from > end || end > tree.treeSize) {
    throw outOfRange(`sizes must satisfy 1 ≤ from ≤ to ≤ ${tree.treeSize} (the tree's size); got from ${from}, to ${end}`, { from, to: end, treeSize: tree.treeSize });
  }
  const hashes = await hashRanges(new ReadStoreNodes(store, tree.pending), [...consistencyRanges(from, end), { start: 0, end: from }, { start: 0, end }]);
  const [toRoot, fromRoot] = [hashes.pop()!, hashes.pop()!];
  return { from, to: end, consistencyPath: hashes.map(toHex), fromRoot: toHex(fromRoot), toRoot: toHex(toRoot) };
}
