import { CollectionSpec } from '@ledger/read-store';

/**
 * The audit tree's read models: an RFC 6962 Merkle tree over every ledger event, leaf i the
 * event at the i-th position (see libs/audit/src/merkle.ts for the storage scheme).
 *
 * - `audit_tree`: one document (id `tree`): the tree's size, the position of its last leaf and
 *   the frontier (the roots of the perfect subtrees making up the current size, largest first),
 *   from which the next leaf is appended without reading anything else, and the root computed.
 * - `audit_tree_nodes`: one document per complete node (id `level:index`), written once:
 *   level 0 holds the leaf hashes; proofs and the roots of earlier sizes are computed from them.
 * - `audit_tree_leaves`: one document per event (id = eventId): where it is in the tree.
 *
 * Hashes are lowercase hex SHA-256.
 */
export const AUDIT_TREE = 'audit_tree';
export const AUDIT_TREE_NODES = 'audit_tree_nodes';
export const AUDIT_TREE_LEAVES = 'audit_tree_leaves';

/** The id of the one state document. */
export const TREE_ID = 'tree';

export interface FrontierNode {
  level: number;
  index: number;
  hash: string;
}

/** The root is not kept: it is computed from the frontier when read (hashing it for every event would slow the tree's upkeep by a third). */
export interface AuditTreeDocument {
  [field: string]: unknown;
  treeSize: number;
  /** Position of the last event appended as a leaf. */
  lastPosition: bigint;
  frontier: FrontierNode[];
}

export interface AuditTreeNodeDocument {
  [field: string]: unknown;
  level: number;
  index: number;
  hash: string;
}

export interface AuditTreeLeafDocument {
  [field: string]: unknown;
  eventId: string;
  leafIndex: number;
  position: bigint;
  /** SHA-256(0x00 ‖ eventHash bytes). */
  leafHash: string;
  /** The event's hash recomputed from the event as stored (its chain hash when intact). */
  eventHash: string;
}

export const nodeId = (level: number, index: number) => `${level}:${index}`;

export const auditTreeCollection: CollectionSpec = { name: AUDIT_TREE, indexes: [] };
export const auditTreeNodesCollection: CollectionSpec = { name: AUDIT_TREE_NODES, indexes: [] };
export const auditTreeLeavesCollection: CollectionSpec = { name: AUDIT_TREE_LEAVES, indexes: [] };
