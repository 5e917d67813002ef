import { fromHex, MerkleFrontier, StoredNode, toHex } from '@ledger/audit';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, DocumentView, Projection } from '@ledger/projections';
import {
  AUDIT_TREE, AUDIT_TREE_LEAVES, AUDIT_TREE_NODES, auditTreeCollection, AuditTreeDocument, AuditTreeLeafDocument, auditTreeLeavesCollection,
  auditTreeNodesCollection, FrontierNode, TREE_ID,
} from './audit-tree';
import { leafOf } from './event-leaf';
import { chunkId, fileNodes } from './node-chunks';

const STATE: DocumentRef = { collection: AUDIT_TREE, id: TREE_ID };

export const EMPTY_TREE: AuditTreeDocument = { treeSize: 0, lastPosition: 0n, frontier: [], pending: [] };

const decoded = (nodes: readonly FrontierNode[]): StoredNode[] => nodes.map((n) => ({ level: n.level, index: n.index, hash: fromHex(n.hash) }));
const encoded = (n: StoredNode): FrontierNode => ({ level: n.level, index: n.index, hash: toHex(n.hash) });

/**
 * The frontier each state document was made with, so that the next event appends to it rather
 * than decoding the document again: a cache, not state (a document it does not know is decoded).
 * An entry is taken out when used, since appending changes the frontier.
 */
const frontiers = new WeakMap<AuditTreeDocument, MerkleFrontier>();

function frontierOf(tree: AuditTreeDocument): MerkleFrontier {
  const known = frontiers.get(tree);
  if (known && known.size === tree.treeSize) {
    frontiers.delete(tree);
    return known;
  }
  return MerkleFrontier.of(decoded(tree.frontier), tree.treeSize);
}

/** MTH of the tree this state holds, from its frontier. */
export function rootOfTree(tree: AuditTreeDocument): string {
  return toHex(MerkleFrontier.of(decoded(tree.frontier), tree.treeSize).root());
}

/** Every event becomes the next leaf: its place, the chunks of nodes it completes, and the tree's new state. */
function apply(event: RecordedEvent, view: DocumentView): DocumentChange[] {
  const tree = view.get<AuditTreeDocument>(AUDIT_TREE, TREE_ID) ?? EMPTY_TREE;
  // A redelivered event is a leaf already: appending it again would make another tree.
  if (tree.treeSize > 0 && BigInt(tree.lastPosition) >= event.position) return [];
  const leafIndex = tree.treeSize;
  const leaf = leafOf(event);
  const frontier = frontierOf(tree);
  const completed = frontier.appendLeafHash(fromHex(leaf.leafHash)).map(encoded);
  // The leaf merged with the frontier's last (completed.length - 1) subtrees; the others stay as they were.
  const kept = tree.frontier.slice(0, tree.frontier.length - (completed.length - 1));
  const filed = fileNodes(tree.pending ?? [], completed);
  const next: AuditTreeDocument = { treeSize: frontier.size, lastPosition: event.position, frontier: [...kept, completed[completed.length - 1]!], pending: filed.pending };
  frontiers.set(next, frontier);
  const placed: AuditTreeLeafDocument = { eventId: event.eventId, leafIndex, position: event.position, leafHash: leaf.leafHash, eventHash: leaf.eventHash };
  return [
    { ...STATE, doc: next },
    { collection: AUDIT_TREE_LEAVES, id: event.eventId, doc: placed },
    ...filed.chunks.map((chunk): DocumentChange => ({ collection: AUDIT_TREE_NODES, id: chunkId(chunk.band, chunk.index), doc: chunk })),
  ];
}

/**
 * The Merkle tree over every event in position order (GET /audit/digest, /audit/proofs/*).
 * It reads all events, the ledger's and any other, since the digest commits to the whole log.
 */
export const auditTreeProjection: Projection = {
  name: 'audit-tree',
  // 2: nodes kept a chunk (a perfect subtree of four levels) per document.
  version: 2,
  // The state is committed last (later collections first): a commit cut short replays from the
  // previous state and writes the same nodes and leaves again.
  collections: [auditTreeCollection, auditTreeNodesCollection, auditTreeLeavesCollection],
  refs: () => [STATE],
  apply,
};
