import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1 over SHA-256, as Certificate Transparency logs
 * build it, so that any conforming verifier accepts the ledger's proofs.
 *
 *   leaf hash  = SHA-256(0x00 || leaf input)          (the ledger's leaf input: an event's 32-byte hash)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256("")
 *   MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
 *
 * Two implementations of the proofs live here on purpose:
 * - `rootOf`, `inclusionProof`, `consistencyProof` follow the RFC's recursive definitions
 *   (MTH, PATH, PROOF/SUBPROOF) over the whole list of leaves: the reference, used by tests.
 * - `rootAt`, `inclusionProofAt`, `consistencyProofAt` read stored node hashes through a
 *   `NodeReader`, which is what the audit processor serves proofs from.
 *
 * Storage scheme for the processor (see `MerkleFrontier`):
 * - Node (level, index) is the root of the perfect subtree over leaves
 *   [index·2^level, (index+1)·2^level): level 0 holds the leaf hashes (SHA-256(0x00 || event
 *   hash)), level j the node hash of its two children at level j-1.
 * - A node is written once, when its last leaf is appended, and never changes: appending leaf
 *   i writes (0, i) and, for every j ≥ 1 with 2^j dividing i+1, (j, (i+1)/2^j - 1). That is
 *   fewer than 2 nodes per leaf on average (2n - popcount(n) nodes for n leaves, 32 bytes each).
 *   Keyed by (level, index), two integer columns / fields with a unique index; a write that
 *   meets a different stored hash for the same key is corruption, not an update.
 * - With every node of a tree of size n stored, the root of any size m ≤ n and any proof
 *   between sizes ≤ n is computed from O(log² n) stored nodes (each range a proof needs splits
 *   into perfect aligned subtrees), so roots of earlier sizes need not be kept.
 * - Next to the nodes, the processor keeps its checkpoint (treeSize, rootHash, lastPosition)
 *   and the leaf index of each event (eventId → leafIndex, position → leafIndex), which the
 *   inclusion route needs to find the leaf.
 * - On restart it rebuilds the frontier (the popcount(n) nodes of the current size's
 *   decomposition) with `MerkleFrontier.restore`, and keeps appending.
 *
 * Sizes and indexes are JavaScript numbers, handled with arithmetic rather than 32-bit bitwise
 * operators, so they are exact up to Number.MAX_SAFE_INTEGER leaves.
 */

export type Hash = Uint8Array;

export const HASH_BYTES = 32;

export function sha256(...parts: Uint8Array[]): Hash {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, data);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** MTH({}) = SHA-256 of the empty string. */
export function emptyRoot(): Hash {
  return sha256();
}

// ---------------------------------------------------------------------------------------------
// Hex

const HEX = /^(?:[0-9a-f]{2})*$/;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Lowercase hex only (what the ledger emits); anything else is refused rather than guessed. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX.test(hex)) throw new TypeError(`not lowercase hex of whole bytes: ${JSON.stringify(hex)}`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------
// Size arithmetic (exact for safe integers, no 32-bit bitwise operators)

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/** The largest power of two strictly less than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function odd(n: number): boolean {
  return n % 2 === 1;
}

// ---------------------------------------------------------------------------------------------
// Reference implementation: the RFC's recursive definitions over the whole list of leaves

/** MTH(D[n]) over leaf inputs (each leaf hashed with the 0x00 prefix). */
export function rootOf(leaves: readonly Uint8Array[]): Hash {
  return mth(leaves.map(leafHash), 0, leaves.length);
}

function mth(hashes: readonly Hash[], start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if (n === 1) return hashes[start];
  const k = splitPoint(n);
  return nodeHash(mth(hashes, start, start + k), mth(hashes, start + k, end));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index`, from the leaf up. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Hash[] {
  assertSize('index', index);
  if (index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of size ${leaves.length}`);
  const hashes = leaves.map(leafHash);
  const path = (m: number, start: number, end: number): Hash[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, start + k), mth(hashes, start + k, end)]
      : [...path(m - k, start + k, end), mth(hashes, start, start + k)];
  };
  return path(index, 0, hashes.length);
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, for 0 < m ≤ n (empty when
 * m = n). m = 0 is also answered with the empty proof: the empty tree is a prefix of any tree.
 */
export function consistencyProof(leaves: readonly Uint8Array[], m: number): Hash[] {
  assertSize('m', m);
  if (m > leaves.length) throw new RangeError(`size ${m} is beyond a tree of size ${leaves.length}`);
  if (m === 0) return [];
  const hashes = leaves.map(leafHash);
  const subproof = (m: number, start: number, end: number, b: boolean): Hash[] => {
    const n = end - start;
    if (m === n) return b ? [] : [mth(hashes, start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, start + k, b), mth(hashes, start + k, end)]
      : [...subproof(m - k, start + k, end, false), mth(hashes, start, start + k)];
  };
  return subproof(m, 0, hashes.length, true);
}

// ---------------------------------------------------------------------------------------------
// Verifiers, exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 state them

function wellFormed(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h instanceof Uint8Array && h.length === HASH_BYTES);
}

/**
 * RFC 9162 §2.1.3.2: does `path` prove that `leaf` (a leaf hash, already 0x00-prefixed and
 * hashed) is leaf `index` of the tree of size `treeSize` whose root is `root`?
 */
export function verifyInclusion(leaf: Hash, index: number, treeSize: number, path: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0) return false;
  if (!wellFormed([leaf, root, ...path])) return false;
  // 1. If leaf_index >= tree_size, fail.
  if (index >= treeSize) return false;
  // 2-3.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  // 4.
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `path` prove that the tree of size `second` with root `secondRoot`
 * extends the tree of size `first` with root `firstRoot`? The RFC defines the check for
 * 0 < first < second; the edge cases are decided as transparency-dev/merkle does, except that
 * the empty tree must have the empty tree's root:
 * - first = second: the proof must be empty and the roots equal;
 * - first = 0: the proof must be empty and firstRoot must be SHA-256("");
 * - first > second: refused.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, path: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0) return false;
  if (!wellFormed([firstRoot, secondRoot, ...path])) return false;
  if (first > second) return false;
  if (first === second) return path.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (first === 0) return path.length === 0 && bytesEqual(firstRoot, emptyRoot());
  // 1. If consistency_path is an empty array, stop and fail the proof verification.
  if (path.length === 0) return false;
  // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
  const c = isPowerOfTwo(first) ? [firstRoot, ...path] : [...path];
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr = c[0];
  let sr = c[0];
  // 6.
  for (const h of c.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(h, fr);
      sr = nodeHash(h, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, h);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot) && sn === 0;
}

// ---------------------------------------------------------------------------------------------
// Stored nodes: what the processor persists and serves proofs from

/** The perfect subtree over leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface StoredNode extends NodeId {
  readonly hash: Hash;
}

/**
 * Where the processor keeps node hashes (a read-store collection keyed by level and index).
 * `get` must answer every node whose last leaf has been appended; `getMany`, when present,
 * answers a batch in the order asked (one query instead of one per node).
 */
export interface NodeReader {
  get(level: number, index: number): Promise<Hash>;
  getMany?(ids: readonly NodeId[]): Promise<Hash[]>;
}

/** A half-open range of leaves [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/**
 * The perfect subtrees whose hashes make up MTH(D[start:end]), left to right: the range is
 * split as MTH splits it until each piece is a stored node.
 */
export function rangeNodes(range: LeafRange): NodeId[] {
  const out: NodeId[] = [];
  const walk = (start: number, end: number): void => {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) {
      out.push({ level: Math.round(Math.log2(n)), index: start / n });
      return;
    }
    const k = splitPoint(n);
    walk(start, start + k);
    walk(start + k, end);
  };
  if (range.end > range.start) walk(range.start, range.end);
  return out;
}

/** MTH(D[start:end]) from the hashes of its `rangeNodes`. */
export function hashRange(range: LeafRange, node: (id: NodeId) => Hash): Hash {
  const walk = (start: number, end: number): Hash => {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return node({ level: Math.round(Math.log2(n)), index: start / n });
    const k = splitPoint(n);
    return nodeHash(walk(start, start + k), walk(start + k, end));
  };
  return range.end > range.start ? walk(range.start, range.end) : emptyRoot();
}

/** The ranges whose MTHs form PATH(index, D[size]), in proof order. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  assertSize('index', index);
  assertSize('size', size);
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const out: LeafRange[] = [];
  const path = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, start, start + k);
      out.push({ start: start + k, end });
    } else {
      path(m - k, start + k, end);
      out.push({ start, end: start + k });
    }
  };
  path(index, 0, size);
  return out;
}

/** The ranges whose MTHs form PROOF(m, D[n]), in proof order (none when m = 0 or m = n). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  assertSize('m', m);
  assertSize('n', n);
  if (m > n) throw new RangeError(`size ${m} is beyond a tree of size ${n}`);
  const out: LeafRange[] = [];
  if (m === 0) return out;
  const subproof = (m: number, start: number, end: number, b: boolean): void => {
    const size = end - start;
    if (m === size) {
      if (!b) out.push({ start, end });
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      subproof(m, start, start + k, b);
      out.push({ start: start + k, end });
    } else {
      subproof(m - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  subproof(m, 0, n, true);
  return out;
}

/** Reads the nodes of these ranges in one batch (deduplicated) and hashes each range. */
export async function hashRanges(reader: NodeReader, ranges: readonly LeafRange[]): Promise<Hash[]> {
  const wanted = new Map<string, NodeId>();
  for (const range of ranges) for (const id of rangeNodes(range)) wanted.set(nodeKey(id), id);
  const ids = [...wanted.values()];
  const hashes = reader.getMany ? await reader.getMany(ids) : await Promise.all(ids.map((id) => reader.get(id.level, id.index)));
  if (hashes.length !== ids.length) throw new Error(`node reader answered ${hashes.length} hashes for ${ids.length} nodes`);
  const byKey = new Map(ids.map((id, i) => [nodeKey(id), hashes[i]]));
  return ranges.map((range) =>
    hashRange(range, (id) => {
      const hash = byKey.get(nodeKey(id));
      if (!hash) throw new Error(`node ${nodeKey(id)} is missing`);
      return hash;
    }),
  );
}

/** MTH of the first `size` leaves, from stored nodes. */
export async function rootAt(reader: NodeReader, size: number): Promise<Hash> {
  assertSize('size', size);
  const [root] = await hashRanges(reader, [{ start: 0, end: size }]);
  return root;
}

export async function inclusionProofAt(reader: NodeReader, index: number, size: number): Promise<Hash[]> {
  return hashRanges(reader, inclusionRanges(index, size));
}

export async function consistencyProofAt(reader: NodeReader, m: number, n: number): Promise<Hash[]> {
  return hashRanges(reader, consistencyRanges(m, n));
}

// ---------------------------------------------------------------------------------------------
// Incremental: the processor appends leaves one at a time

/**
 * The frontier (compact range [0, size)) of an append-only tree: the roots of the perfect
 * subtrees that make up the current size, largest first, one per bit set in `size`. Appending
 * a leaf returns the nodes it completes, for the processor to persist; `root()` is the current
 * MTH without reading anything.
 */
export class MerkleFrontier {
  private constructor(
    private readonly stack: StoredNode[],
    private count: number,
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier([], 0);
  }

  /** The frontier of a tree of `size` leaves whose nodes are stored. */
  static async restore(reader: NodeReader, size: number): Promise<MerkleFrontier> {
    const ids = MerkleFrontier.frontierIds(size);
    const hashes = reader.getMany ? await reader.getMany(ids) : await Promise.all(ids.map((id) => reader.get(id.level, id.index)));
    return new MerkleFrontier(ids.map((id, i) => ({ ...id, hash: hashes[i] })), size);
  }

  /**
   * The frontier of a tree of `size` leaves from its nodes as `nodes()` gave them (kept with a
   * processor's state): no read. Refused unless they are exactly the frontier of that size.
   */
  static of(nodes: readonly StoredNode[], size: number): MerkleFrontier {
    const ids = MerkleFrontier.frontierIds(size);
    const fits = nodes.length === ids.length && ids.every((id, i) => nodes[i]!.level === id.level && nodes[i]!.index === id.index && nodes[i]!.hash.length === HASH_BYTES);
    if (!fits) throw new RangeError(`these nodes are not the frontier of a tree of size ${size}`);
    return new MerkleFrontier(nodes.map((n) => ({ level: n.level, index: n.index, hash: n.hash })), size);
  }

  /** The nodes of the frontier of `size`, largest first. */
  static frontierIds(size: number): NodeId[] {
    assertSize('size', size);
    return rangeNodes({ start: 0, end: size });
  }

  get size(): number {
    return this.count;
  }

  /** Appends a leaf (its input, e.g. an event's hash) and returns the nodes this completes, leaf first. */
  append(leafInput: Uint8Array): StoredNode[] {
    return this.appendLeafHash(leafHash(leafInput));
  }

  /** As `append`, for a leaf hash already computed. */
  appendLeafHash(hash: Hash): StoredNode[] {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) throw new TypeError('a leaf hash is 32 bytes');
    const written: StoredNode[] = [];
    let node: StoredNode = { level: 0, index: this.count, hash };
    written.push(node);
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level === node.level) {
      const left = this.stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      written.push(node);
    }
    this.stack.push(node);
    this.count += 1;
    return written;
  }

  root(): Hash {
    if (this.stack.length === 0) return emptyRoot();
    let r = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i].hash, r);
    return r;
  }

  nodes(): StoredNode[] {
    return this.stack.map((n) => ({ ...n }));
  }
}

/** An in-memory NodeReader (tests, and a processor's write-behind cache). */
export class MemoryNodeStore implements NodeReader {
  private readonly nodes = new Map<string, Hash>();

  put(node: StoredNode): void {
    const key = nodeKey(node);
    const existing = this.nodes.get(key);
    if (existing && !bytesEqual(existing, node.hash)) throw new Error(`node ${key} is already stored with another hash`);
    this.nodes.set(key, node.hash);
  }

  putAll(nodes: readonly StoredNode[]): void {
    for (const node of nodes) this.put(node);
  }

  get size(): number {
    return this.nodes.size;
  }

  async get(level: number, index: number): Promise<Hash> {
    const hash = this.nodes.get(nodeKey({ level, index }));
    if (!hash) throw new Error(`node ${level}:${index} is not stored`);
    return hash;
  }

  async getMany(ids: readonly NodeId[]): Promise<Hash[]> {
    return Promise.all(ids.map((id) => this.get(id.level, id.index)));
  }
}
