import { consistencyProof, inclusionProof, leafHash, rootOf, sha256, toHex } from '@ledger/audit';
import { checkProof } from './check-proof';

const leaves = Array.from({ length: 11 }, (_, i) => sha256(new TextEncoder().encode(`event ${i}`)));
const root = (n: number) => toHex(rootOf(leaves.slice(0, n)));
const inclusion = (index: number, size: number) => ({
  eventId: `e-${index}`, leafIndex: index, treeSize: size, leafHash: toHex(leafHash(leaves[index]!)), auditPath: inclusionProof(leaves.slice(0, size), index).map(toHex), rootHash: root(size),
});
const consistency = (from: number, to: number) => ({ from, to, consistencyPath: consistencyProof(leaves.slice(0, to), from).map(toHex), fromRoot: root(from), toRoot: root(to) });

describe('checkProof (audit check-proof)', () => {
  it('accepts an inclusion proof against the digest of its tree size, and nothing else', () => {
    expect(checkProof(inclusion(4, 9), root(9))).toEqual({ valid: true, lines: ['valid: leaf 4 (event e-4) is in the tree of size 9 whose root is your digest'] });
    const other = checkProof(inclusion(4, 9), root(10));
    expect(other.valid).toBe(false);
    expect(other.lines[0]).toMatch(/^note: the proof's rootHash .* is not your digest/);
  });

  it('accepts a consistency proof from the digest kept, and names the root to keep next', () => {
    const verdict = checkProof(consistency(6, 11), root(6));
    expect(verdict).toEqual({ valid: true, lines: [`valid: the tree of size 11 extends your digest's tree of size 6 without changing it; keep its root ${root(11)} (size 11) as your digest`] });
    expect(checkProof(consistency(6, 11), root(5)).valid).toBe(false);
    expect(checkProof({ ...consistency(6, 11), fromRoot: root(5) }, root(6)).valid).toBe(true);
  });

  it.each([
    ['a digest that is not a hash', inclusion(0, 1), 'ABC', /^invalid: the digest must be 64 lowercase hex digits$/],
    ['not an object', [1, 2], root(1), /^invalid: the proof must be a JSON object$/],
    ['neither kind', { leafIndex: 0 }, root(1), /^invalid: neither an inclusion proof/],
    ['a size that is not an integer', { ...inclusion(0, 2), treeSize: '2' }, root(2), /^invalid: treeSize must be a non-negative integer$/],
    ['a path element that is not a hash', { ...consistency(2, 3), consistencyPath: ['zz'] }, root(2), /^invalid: consistencyPath\[0\] must be 64 lowercase hex digits$/],
  ])('refuses %s, saying why', (_what, proof, digest, message) => {
    const verdict = checkProof(proof, digest);
    expect(verdict.valid).toBe(false);
    expect(verdict.lines.at(-1)).toMatch(message);
  });
});
