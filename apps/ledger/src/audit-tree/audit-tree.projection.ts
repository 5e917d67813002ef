import { emptyRoot, fromHex, MerkleFrontier, StoredNode, toHex } from '@ledger/audit';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, DocumentView, Projection } from '@ledger/projections';
import {
  AUDIT_TREE, AUDIT_TREE_LEAVES, AUDIT_TREE_NODES, auditTreeCollection, AuditTreeDocument, AuditTreeLeafDocument, auditTreeLeavesCollection,
  auditTreeNodesCollection, AuditTreeNodeDocument, FrontierNode, nodeId, TREE_ID,
} from './audit-tree';
import { leafOf } from './event-leaf';

const STATE: DocumentRef = { collection: AUDIT_TREE, id: TREE_ID };

export const EMPTY_TREE: AuditTreeDocument = { treeSize: 0, rootHash: toHex(emptyRoot()), lastPosition: 0n, frontier: [] };

const decoded = (nodes: readonly FrontierNode[]): StoredNode[] => nodes.map((n) => ({ level: n.level, index: n.index, hash: fromHex(n.hash) }));
const encoded = (nodes: readonly StoredNode[]): FrontierNode[] => nodes.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) }));

/** Every event becomes the next leaf: the nodes it completes, its place, and the tree's new state. */
function apply(event: RecordedEvent, view: DocumentView): DocumentChange[] {
  const tree = view.get<AuditTreeDocument>(AUDIT_TREE, TREE_ID) ?? EMPTY_TREE;
  // A redelivered event is a leaf already: appending it again would make another tree.
  if (tree.treeSize > 0 && BigInt(tree.lastPosition) >= event.position) return [];
  const leafIndex = tree.treeSize;
  const leaf = leafOf(event);
  const frontier = MerkleFrontier.of(decoded(tree.frontier), leafIndex);
  const completed = encoded(frontier.appendLeafHash(fromHex(leaf.leafHash)));
  const next: AuditTreeDocument = { treeSize: frontier.size, rootHash: toHex(frontier.root()), lastPosition: event.position, frontier: encoded(frontier.nodes()) };
  const placed: AuditTreeLeafDocument = { eventId: event.eventId, leafIndex, position: event.position, leafHash: leaf.leafHash, eventHash: leaf.eventHash };
  return [
    { ...STATE, doc: next },
    { collection: AUDIT_TREE_LEAVES, id: event.eventId, doc: placed },
    ...completed.map((node): DocumentChange => ({ collection: AUDIT_TREE_NODES, id: nodeId(node.level, node.index), doc: { ...node } satisfies AuditTreeNodeDocument })),
  ];
}

/**
 * The Merkle tree over every event in position order (GET /audit/digest, /audit/proofs/*).
 * It reads all events, the ledger's and any other, since the digest commits to the whole log.
 */
export const auditTreeProjection: Projection = {
  name: 'audit-tree',
  version: 1,
  // The state is committed last (later collections first): a commit cut short replays from the
  // previous state and writes the same nodes and leaves again.
  collections: [auditTreeCollection, auditTreeNodesCollection, auditTreeLeavesCollection],
  refs: () => [STATE],
  apply,
};
