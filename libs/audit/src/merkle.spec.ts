import * as fc from 'fast-check';
import {
  consistencyProof,
  consistencyProofAt,
  consistencyRanges,
  emptyRoot,
  fromHex,
  Hash,
  inclusionProof,
  inclusionProofAt,
  leafHash,
  MemoryNodeStore,
  MerkleFrontier,
  nodeHash,
  rootAt,
  rootOf,
  sha256,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hexes = (hashes: Hash[]) => hashes.map(toHex);

/**
 * Known answers: the RFC 6962 test vectors of Certificate Transparency implementations
 * (google/certificate-transparency, transparency-dev/merkle proof/verify_test.go and
 * rfc6962/rfc6962_test.go). Leaf indexes here are 0-based (the Go vectors number leaves from 1).
 */
const KAT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);

const KAT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const KAT_INCLUSION: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 1, path: [] },
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const KAT_CONSISTENCY: { m: number; n: number; path: string[] }[] = [
  { m: 1, n: 1, path: [] },
  {
    m: 1,
    n: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    m: 6,
    n: 8,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    m: 2,
    n: 5,
    path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
  {
    m: 6,
    n: 7,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** A store holding every node of a tree of these leaves, built by appending them one by one. */
function storeOf(leaves: readonly Uint8Array[]): MemoryNodeStore {
  const store = new MemoryNodeStore();
  const frontier = MerkleFrontier.empty();
  for (const leaf of leaves) store.putAll(frontier.append(leaf));
  return store;
}

/** Deterministic pseudo-random 32-byte leaf inputs (like event hashes). */
function leavesOf(n: number, seed: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => sha256(utf8(`${seed}:${i}`)));
}

function flipped(hash: Hash, byte: number, bit = 1): Hash {
  const copy = Uint8Array.from(hash);
  copy[byte % copy.length] ^= bit;
  return copy;
}

function popcount(n: number): number {
  let c = 0;
  for (; n > 0; n = Math.floor(n / 2)) c += n % 2;
  return c;
}

describe('RFC 6962 hashing (known answers)', () => {
  it('hashes the empty tree, leaves and nodes with the 0x00 / 0x01 prefixes', () => {
    expect(toHex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(rootOf([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(leafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(leafHash(utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(toHex(nodeHash(utf8('N123'), utf8('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it.each(KAT_ROOTS.map((root, i) => [i + 1, root]))('the root of the first %i test leaves', (size, root) => {
    const leaves = KAT_LEAVES.slice(0, size as number);
    expect(toHex(rootOf(leaves))).toBe(root);
  });

  it('the incremental frontier and the stored nodes give the same roots', async () => {
    const frontier = MerkleFrontier.empty();
    const store = new MemoryNodeStore();
    for (const [i, leaf] of KAT_LEAVES.entries()) {
      store.putAll(frontier.append(leaf));
      expect(toHex(frontier.root())).toBe(KAT_ROOTS[i]);
    }
    for (let size = 1; size <= 8; size++) expect(toHex(await rootAt(store, size))).toBe(KAT_ROOTS[size - 1]);
    expect(toHex(await rootAt(store, 0))).toBe(toHex(emptyRoot()));
  });
});

describe('RFC 9162 inclusion proofs (known answers)', () => {
  const store = storeOf(KAT_LEAVES);

  it.each(KAT_INCLUSION)('leaf $index of the tree of size $size', async ({ index, size, path }) => {
    const leaves = KAT_LEAVES.slice(0, size);
    expect(hexes(inclusionProof(leaves, index))).toEqual(path);
    expect(hexes(await inclusionProofAt(store, index, size))).toEqual(path);

    const leaf = leafHash(KAT_LEAVES[index]);
    const root = fromHex(KAT_ROOTS[size - 1]);
    const proof = path.map(fromHex);
    expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);

    // The probes CT's verifier tests are run against: each must fail.
    const other = sha256(utf8('another hash'));
    const probes: [string, boolean][] = [
      ['index - 1', verifyInclusion(leaf, index - 1, size, proof, root)],
      ['index + 1', verifyInclusion(leaf, index + 1, size, proof, root)],
      ['size * 2', verifyInclusion(leaf, index, size * 2, proof, root)],
      ['size / 2', verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)],
      ['wrong leaf', verifyInclusion(other, index, size, proof, root)],
      ['empty tree root', verifyInclusion(leaf, index, size, proof, emptyRoot())],
      ['other root', verifyInclusion(leaf, index, size, proof, other)],
      ['trailing root', verifyInclusion(leaf, index, size, [...proof, root], root)],
      ['preceding root', verifyInclusion(leaf, index, size, [root, ...proof], root)],
      ['short element', verifyInclusion(leaf, index, size, [...proof, new Uint8Array()], root)],
      ...proof.map((_, i): [string, boolean] => [`bit flipped in element ${i}`, verifyInclusion(leaf, index, size, proof.map((p, j) => (i === j ? flipped(p, 0, 8) : p)), root)]),
      ...(proof.length > 0 ? [['removed element', verifyInclusion(leaf, index, size, proof.slice(0, -1), root)] as [string, boolean]] : []),
      ...(proof.length > 1 ? [['inserted element', verifyInclusion(leaf, index, size, [proof[0], other, ...proof.slice(1)], root)] as [string, boolean]] : []),
    ];
    expect(probes.filter(([, accepted]) => accepted).map(([what]) => what)).toEqual([]);
  });

  it('refuses impossible positions', () => {
    const h = sha256(utf8('x'));
    expect(verifyInclusion(h, 0, 0, [], emptyRoot())).toBe(false);
    expect(verifyInclusion(h, 1, 1, [], h)).toBe(false);
    expect(verifyInclusion(h, 2, 1, [], h)).toBe(false);
    expect(verifyInclusion(h, 0, 1, [], h)).toBe(true);
    expect(() => inclusionProof(KAT_LEAVES, 8)).toThrow(RangeError);
  });
});

describe('RFC 9162 consistency proofs (known answers)', () => {
  const store = storeOf(KAT_LEAVES);

  it.each(KAT_CONSISTENCY)('from size $m to size $n', async ({ m, n, path }) => {
    const leaves = KAT_LEAVES.slice(0, n);
    expect(hexes(consistencyProof(leaves, m))).toEqual(path);
    expect(hexes(await consistencyProofAt(store, m, n))).toEqual(path);

    const [r1, r2] = [fromHex(KAT_ROOTS[m - 1]), fromHex(KAT_ROOTS[n - 1])];
    const proof = path.map(fromHex);
    expect(verifyConsistency(m, n, r1, r2, proof)).toBe(true);
    if (proof.length === 0) return;

    const other = sha256(utf8('another root'));
    const probes: [string, boolean][] = [
      ['m - 1', verifyConsistency(m - 1, n, r1, r2, proof)],
      ['m + 1', verifyConsistency(m + 1, n, r1, r2, proof)],
      ['n * 2', verifyConsistency(m, n * 2, r1, r2, proof)],
      ['n / 2', verifyConsistency(m, Math.floor(n / 2), r1, r2, proof)],
      ['wrong first root', verifyConsistency(m, n, other, r2, proof)],
      ['wrong second root', verifyConsistency(m, n, r1, other, proof)],
      ['swapped roots', verifyConsistency(m, n, r2, r1, proof)],
      ['empty proof', verifyConsistency(m, n, r1, r2, [])],
      ['trailing first root', verifyConsistency(m, n, r1, r2, [...proof, r1])],
      ['trailing second root', verifyConsistency(m, n, r1, r2, [...proof, r2])],
      ['preceding first root', verifyConsistency(m, n, r1, r2, [r1, ...proof])],
      ['preceding second root', verifyConsistency(m, n, r1, r2, [r2, ...proof])],
      ['preceding proof[0]', verifyConsistency(m, n, r1, r2, [proof[0], ...proof])],
      ['truncated', verifyConsistency(m, n, r1, r2, proof.slice(0, -1))],
      ...proof.map((_, i): [string, boolean] => [`bit flipped in element ${i}`, verifyConsistency(m, n, r1, r2, proof.map((p, j) => (i === j ? flipped(p, 0, 16) : p)))]),
    ];
    expect(probes.filter(([, accepted]) => accepted).map(([what]) => what)).toEqual([]);
  });

  it('decides the edge cases the RFC leaves open', () => {
    const [a, b] = [sha256(utf8('a')), sha256(utf8('b'))];
    expect(verifyConsistency(0, 0, emptyRoot(), emptyRoot(), [])).toBe(true);
    expect(verifyConsistency(0, 5, emptyRoot(), b, [])).toBe(true);
    expect(verifyConsistency(0, 5, a, b, [])).toBe(false); // only the empty tree has size 0
    expect(verifyConsistency(0, 5, emptyRoot(), b, [a])).toBe(false);
    expect(verifyConsistency(3, 3, a, a, [])).toBe(true);
    expect(verifyConsistency(3, 3, a, b, [])).toBe(false);
    expect(verifyConsistency(3, 3, a, a, [a])).toBe(false);
    expect(verifyConsistency(4, 3, a, b, [a])).toBe(false);
    expect(consistencyRanges(0, 5)).toEqual([]);
    expect(() => consistencyProof(KAT_LEAVES.slice(0, 3), 4)).toThrow(RangeError);
  });
});

describe('every proof of every small tree (exhaustive up to 40 leaves)', () => {
  it('verifies, and the stored-node proofs equal the recursive ones', async () => {
    const leaves = leavesOf(40, 7);
    const store = storeOf(leaves);
    for (let n = 1; n <= leaves.length; n++) {
      const prefix = leaves.slice(0, n);
      const root = rootOf(prefix);
      expect(toHex(await rootAt(store, n))).toBe(toHex(root));
      for (let i = 0; i < n; i++) {
        const path = inclusionProof(prefix, i);
        expect(hexes(await inclusionProofAt(store, i, n))).toEqual(hexes(path));
        expect(verifyInclusion(leafHash(prefix[i]), i, n, path, root)).toBe(true);
      }
      for (let m = 1; m <= n; m++) {
        const path = consistencyProof(prefix, m);
        expect(hexes(await consistencyProofAt(store, m, n))).toEqual(hexes(path));
        expect(verifyConsistency(m, n, rootOf(leaves.slice(0, m)), root, path)).toBe(true);
      }
    }
  });
});

describe('properties (random trees up to 300 leaves)', () => {
  const tree = fc.integer({ min: 1, max: 300 }).chain((n) => fc.record({ n: fc.constant(n), seed: fc.nat() }));

  it('every inclusion proof verifies, and any altered byte makes it fail', async () => {
    await fc.assert(
      fc.asyncProperty(
        tree.chain(({ n, seed }) => fc.record({ n: fc.constant(n), seed: fc.constant(seed), index: fc.nat({ max: n - 1 }), pick: fc.nat(), byte: fc.nat({ max: 31 }), bit: fc.integer({ min: 0, max: 7 }) })),
        async ({ n, seed, index, pick, byte, bit }) => {
          const leaves = leavesOf(n, seed);
          const root = rootOf(leaves);
          const leaf = leafHash(leaves[index]);
          const path = inclusionProof(leaves, index);
          expect(verifyInclusion(leaf, index, n, path, root)).toBe(true);
          expect(hexes(await inclusionProofAt(storeOf(leaves), index, n))).toEqual(hexes(path));

          const mask = 1 << bit;
          expect(verifyInclusion(flipped(leaf, byte, mask), index, n, path, root)).toBe(false);
          expect(verifyInclusion(leaf, index, n, path, flipped(root, byte, mask))).toBe(false);
          if (path.length > 0) {
            const at = pick % path.length;
            expect(verifyInclusion(leaf, index, n, path.map((p, j) => (j === at ? flipped(p, byte, mask) : p)), root)).toBe(false);
            expect(verifyInclusion(leaf, index, n, path.slice(0, -1), root)).toBe(false);
          }
          expect(verifyInclusion(leaf, index, n, [...path, root], root)).toBe(false);
          if (index + 1 < n) expect(verifyInclusion(leaf, index + 1, n, path, root)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('every consistency proof m < n verifies, and fails with a wrong root or an altered byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 300 }).chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n - 1 }), seed: fc.nat(), pick: fc.nat(), byte: fc.nat({ max: 31 }), bit: fc.integer({ min: 0, max: 7 }) })),
        async ({ n, m, seed, pick, byte, bit }) => {
          const leaves = leavesOf(n, seed);
          const [r1, r2] = [rootOf(leaves.slice(0, m)), rootOf(leaves)];
          const path = consistencyProof(leaves, m);
          expect(verifyConsistency(m, n, r1, r2, path)).toBe(true);
          expect(hexes(await consistencyProofAt(storeOf(leaves), m, n))).toEqual(hexes(path));

          const mask = 1 << bit;
          expect(verifyConsistency(m, n, flipped(r1, byte, mask), r2, path)).toBe(false);
          expect(verifyConsistency(m, n, r1, flipped(r2, byte, mask), path)).toBe(false);
          // A different history of the first m leaves: its root is not consistent with r2.
          const forked = [...leaves.slice(0, m - 1), sha256(utf8('forged')), ...leaves.slice(m)];
          expect(verifyConsistency(m, n, rootOf(forked.slice(0, m)), r2, path)).toBe(false);
          const at = pick % path.length;
          expect(verifyConsistency(m, n, r1, r2, path.map((p, j) => (j === at ? flipped(p, byte, mask) : p)))).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the frontier writes 2n - popcount(n) nodes, restores from them, and keeps appending', async () => {
    await fc.assert(
      fc.asyncProperty(tree.chain(({ n, seed }) => fc.record({ n: fc.constant(n), seed: fc.constant(seed), cut: fc.nat({ max: n }) })), async ({ n, seed, cut }) => {
        const leaves = leavesOf(n, seed);
        const store = new MemoryNodeStore();
        const first = MerkleFrontier.empty();
        for (const leaf of leaves.slice(0, cut)) store.putAll(first.append(leaf));
        expect(store.size).toBe(2 * cut - popcount(cut));
        expect(first.nodes()).toHaveLength(popcount(cut));

        const restored = await MerkleFrontier.restore(store, cut);
        expect(toHex(restored.root())).toBe(toHex(first.root()));
        // Kept beside a processor's state instead of read back: the same frontier.
        const kept = MerkleFrontier.of(first.nodes(), cut);
        expect(toHex(kept.root())).toBe(toHex(first.root()));
        if (cut > 0) expect(() => MerkleFrontier.of(first.nodes().slice(1), cut)).toThrow(RangeError);
        expect(() => MerkleFrontier.of(first.nodes(), cut + 1)).toThrow(RangeError);
        for (const leaf of leaves.slice(cut)) store.putAll(restored.append(leaf));
        expect(restored.size).toBe(n);
        expect(toHex(restored.root())).toBe(toHex(rootOf(leaves)));
        expect(store.size).toBe(2 * n - popcount(n));
        const m = Math.max(1, cut);
        expect(toHex(await rootAt(store, m))).toBe(toHex(rootOf(leaves.slice(0, m))));
      }),
      { numRuns: 60 },
    );
  });
});

describe('sizes beyond 32 bits', () => {
  // A tree whose leaves are all the same input: the perfect node at level j is the same hash at
  // every index, so a reader can answer any node of a tree of 2^45 leaves without building it.
  // (Such a symmetric tree cannot show that a wrong index or size is refused: many are equivalent.)
  const leaf = leafHash(utf8('same'));
  const levels: Hash[] = [leaf];
  for (let j = 1; j <= 52; j++) levels.push(nodeHash(levels[j - 1], levels[j - 1]));
  const reader = { get: async (level: number) => levels[level] };

  it('answers and verifies proofs with exact arithmetic (no 32-bit bitwise operators)', async () => {
    const n = 2 ** 45 + 2 ** 33 + 5;
    const m = 2 ** 44 + 2 ** 32 + 3;
    const [rootN, rootM] = [await rootAt(reader, n), await rootAt(reader, m)];
    for (const index of [0, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 44 + 7, n - 1]) {
      const path = await inclusionProofAt(reader, index, n);
      expect(verifyInclusion(leaf, index, n, path, rootN)).toBe(true);
      expect(verifyInclusion(leafHash(utf8('other')), index, n, path, rootN)).toBe(false);
    }
    const path = await consistencyProofAt(reader, m, n);
    expect(verifyConsistency(m, n, rootM, rootN, path)).toBe(true);
    expect(verifyConsistency(m, n, await rootAt(reader, m + 1), rootN, path)).toBe(false);
  });
});

describe('hex', () => {
  it('round-trips lowercase hex and refuses anything else', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10');
    expect(() => fromHex('00FF')).toThrow(TypeError);
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
  });
});
