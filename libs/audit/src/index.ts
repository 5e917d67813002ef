// The ledger's audit primitives: events' canonical form and hash chain, and the RFC 6962 /
// RFC 9162 Merkle tree over event hashes with its proofs. Pure functions over node:crypto.
export * from './canonical';
export * from './merkle';
export * from './chain';
export * from './stream-verification';
