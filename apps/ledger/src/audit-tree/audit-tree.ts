import { CollectionSpec } from '@ledger/read-store';

/**
 * The audit tree's read models: an RFC 6962 Merkle tree over every ledger event, leaf i the
 * event at the i-th position (see libs/audit/src/merkle.ts for the storage scheme).
 *
 * - `audit_tree`: one document (id `tree`): the tree's size, the position of its last leaf and
 *   the frontier (the roots of the perfect subtrees making up the current size, largest first),
 *   from which the next leaf is appended without reading anything else, and the root computed;
 *   with the complete nodes whose chunk is not complete yet (`pending`).
 * - `audit_tree_nodes`: the complete nodes a chunk at a time (id `band:index`, see
 *   node-chunks.ts), each written once: level 0 holds the leaf hashes; proofs and the roots of
 *   earlier sizes are computed from them.
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
  /** Complete nodes of chunks not complete yet (absent from states written before chunks). */
  pending?: FrontierNode[];
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

export const auditTreeCollection: CollectionSpec = { name: AUDIT_TREE, indexes: [] };
export const auditTreeNodesCollection: CollectionSpec = { name: AUDIT_TREE_NODES, indexes: [] };
export const auditTreeLeavesCollection: CollectionSpec = { name: AUDIT_TREE_LEAVES, indexes: [] };
