import { FrontierNode } from './audit-tree';

/**
 * The tree's nodes are kept a perfect subtree at a time, not one document each: levels are
 * cut into bands of CHUNK_LEVELS, and a chunk is the subtree of one band under one node of its
 * top level (2^CHUNK_LEVELS - 1 nodes). A chunk is written once, when its top node is complete;
 * until then its complete nodes wait in the tree's state (`pending`). Appending a leaf then
 * writes a chunk about once in 2^(CHUNK_LEVELS - 1) leaves instead of about two nodes.
 */
export const CHUNK_LEVELS = 4;
const CHUNK_NODES = 2 ** CHUNK_LEVELS - 1;

/** A complete chunk: its hashes from the bottom level up, left to right within a level. */
export interface AuditTreeChunkDocument {
  [field: string]: unknown;
  band: number;
  index: number;
  hashes: string[];
}

export const chunkId = (band: number, index: number) => `${band}:${index}`;

const bandOf = (level: number) => Math.floor(level / CHUNK_LEVELS);

/** Where node (level, index) is kept: its chunk's id and its place among the chunk's hashes. */
export function placeOf(level: number, index: number): { id: string; offset: number } {
  const band = bandOf(level);
  const height = level - band * CHUNK_LEVELS;
  const width = 2 ** (CHUNK_LEVELS - 1 - height); // the chunk's nodes on this level
  const chunk = Math.floor(index / width);
  const below = CHUNK_NODES - (2 * width - 1); // the chunk's nodes on lower levels
  return { id: chunkId(band, chunk), offset: below + index - chunk * width };
}

/**
 * Files the nodes a leaf completed: each chunk whose top node is among them is made from the
 * waiting nodes of its band (only the rightmost chunk of a band is ever incomplete), and the
 * others wait on.
 */
export function fileNodes(pending: readonly FrontierNode[], completed: readonly FrontierNode[]): { pending: FrontierNode[]; chunks: AuditTreeChunkDocument[] } {
  let waiting = [...pending, ...completed];
  const chunks: AuditTreeChunkDocument[] = [];
  for (const top of completed) {
    if ((top.level + 1) % CHUNK_LEVELS !== 0) continue;
    const band = bandOf(top.level);
    const hashes: string[] = new Array(CHUNK_NODES);
    const rest: FrontierNode[] = [];
    for (const node of waiting) {
      if (bandOf(node.level) === band) hashes[placeOf(node.level, node.index).offset] = node.hash;
      else rest.push(node);
    }
    if (waiting.length - rest.length !== CHUNK_NODES) throw new Error(`audit tree chunk ${chunkId(band, top.index)} is incomplete`);
    chunks.push({ band, index: top.index, hashes });
    waiting = rest;
  }
  return { pending: waiting, chunks };
}
