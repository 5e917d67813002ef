// The audit tree: a Merkle tree over every event, its digest and its proofs (the `audit-tree` read models).
export * from './audit-tree';
export * from './event-leaf';
export * from './audit-tree.projection';
export * from './tree-reads';
export * from './audit-tree.queries';
export * from './audit-tree.view';
export * from './audit-tree.controller';
export * from './check-proof';
export * from './tree-check';
export * from './check-proof.command';
