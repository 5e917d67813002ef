import { MAX_MESSAGE_BYTES } from '../contracts/kafka-messages';
import { LineChunk, ndjsonChunks } from './ndjson-chunks';

async function collect(pieces: (string | Buffer)[], size: number, start?: { startOffset: number; startLine: number }): Promise<LineChunk[]> {
  const chunks: LineChunk[] = [];
  async function* input() {
    yield* pieces;
  }
  for await (const chunk of ndjsonChunks(input(), { size, ...start })) chunks.push(chunk);
  return chunks;
}
const texts = (chunk: LineChunk) => chunk.lines.map((l) => [l.line, l.value?.toString() ?? null]);

describe('ndjsonChunks', () => {
  it('cuts lines split across reads into chunks, counting blank lines and byte offsets', async () => {
    const chunks = await collect(['{"a":1}\n{"b"', ':2}\r\n\n  \n{"c":3}\n{"d":4}'], 2);
    expect(chunks.map(texts)).toEqual([
      [[1, '{"a":1}'], [2, '{"b":2}']],
      [[5, '{"c":3}'], [6, '{"d":4}']],
    ]);
    expect(chunks.map((c) => [c.endOffset, c.endLine])).toEqual([[17, 2], [36, 6]]);
  });

  it('numbers lines and offsets from where a resumed import starts', async () => {
    const [chunk] = await collect(['{"e":5}\n'], 10, { startOffset: 1000, startLine: 40 });
    expect(texts(chunk)).toEqual([[41, '{"e":5}']]);
    expect([chunk.endOffset, chunk.endLine]).toEqual([1008, 41]);
  });

  it('hands on a line longer than a message as null without keeping it, and goes on', async () => {
    const long = 'x'.repeat(MAX_MESSAGE_BYTES + 10);
    const chunks = await collect(['{"a":1}\n', long.slice(0, 40_000), long.slice(40_000), '\n{"b":2}\n'], 100);
    expect(chunks.map(texts)).toEqual([[[1, '{"a":1}'], [2, null], [3, '{"b":2}']]]);
  });

  it('keeps a line of exactly the largest message size', async () => {
    const line = 'y'.repeat(MAX_MESSAGE_BYTES);
    const [chunk] = await collect([`${line}\r\n`], 5);
    expect(chunk.lines[0].value?.length).toBe(MAX_MESSAGE_BYTES);
  });

  it('yields nothing for an empty input, and only positions for blank lines', async () => {
    expect(await collect([], 5)).toEqual([]);
    expect(await collect(['\n\n'], 5)).toEqual([{ lines: [], endOffset: 2, endLine: 2 }]);
  });
});
