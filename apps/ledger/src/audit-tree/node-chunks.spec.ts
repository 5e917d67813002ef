import { MemoryNodeStore, MerkleFrontier, sha256, toHex } from '@ledger/audit';
import { FrontierNode } from './audit-tree';
import { AuditTreeChunkDocument, chunkId, fileNodes, placeOf } from './node-chunks';

describe('audit tree nodes in chunks', () => {
  it('keeps every complete node once, in its chunk or waiting, where placeOf finds it', async () => {
    const frontier = MerkleFrontier.empty();
    const every = new MemoryNodeStore();
    const chunks = new Map<string, AuditTreeChunkDocument>();
    let pending: FrontierNode[] = [];
    // 300 leaves: chunks of the two lowest bands complete (8 and 128 leaves each), others wait.
    for (let leaf = 0; leaf < 300; leaf++) {
      const completed = frontier.append(sha256(new TextEncoder().encode(`leaf ${leaf}`)));
      every.putAll(completed);
      const filed = fileNodes(pending, completed.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) })));
      pending = filed.pending;
      for (const chunk of filed.chunks) chunks.set(chunkId(chunk.band, chunk.index), chunk);
    }
    expect(chunks.size).toBe(Math.floor(300 / 8) + Math.floor(300 / 128));
    expect([...chunks.values()].every((chunk) => chunk.hashes.length === 15 && chunk.hashes.every((hash) => /^[0-9a-f]{64}$/.test(hash)))).toBe(true);
    expect(every.size).toBe(chunks.size * 15 + pending.length);
    for (let level = 0; 2 ** level <= 300; level++) {
      for (let index = 0; (index + 1) * 2 ** level <= 300; index++) {
        const place = placeOf(level, index);
        const stored = chunks.get(place.id)?.hashes[place.offset] ?? pending.find((n) => n.level === level && n.index === index)?.hash;
        expect(stored).toBe(toHex(await every.get(level, index)));
      }
    }
  });

  it('places a chunk\'s nodes from its bottom level up', () => {
    expect(placeOf(0, 0)).toEqual({ id: '0:0', offset: 0 });
    expect(placeOf(0, 9)).toEqual({ id: '0:1', offset: 1 });
    expect(placeOf(1, 5)).toEqual({ id: '0:1', offset: 9 });
    expect(placeOf(3, 2)).toEqual({ id: '0:2', offset: 14 });
    expect(placeOf(4, 0)).toEqual({ id: '1:0', offset: 0 });
    expect(placeOf(7, 1)).toEqual({ id: '1:1', offset: 14 });
  });
});
