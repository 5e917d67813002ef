import { MAX_MESSAGE_BYTES } from '../contracts/kafka-messages';

/** One line of an import: its number (1-based, blank lines counted) and its bytes, or `null` when it is longer than a message may be. */
export interface ImportLine {
  line: number;
  value: Buffer | null;
}

/** Consecutive lines, and where the input stands after the last of them. */
export interface LineChunk {
  lines: ImportLine[];
  /** Byte offset just after the chunk's last line (its newline included): where a resumed import starts. */
  endOffset: number;
  /** Number of the chunk's last line (blank ones included). */
  endLine: number;
}

export interface ChunkOptions {
  /** Lines per chunk. */
  size: number;
  /** Offset and line number of the first byte given (a resumed import): what the chunks report counts from them. */
  startOffset?: number;
  startLine?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines, `size` non-blank lines a chunk. Memory stays flat whatever the input:
 * a line is kept only up to the largest message (MAX_MESSAGE_BYTES, plus a margin for `\r`);
 * the rest of a longer line is skipped and the line handed on as `null`, to be refused. Blank
 * lines are counted, not handed on. A last line without a newline is a line all the same.
 */
export async function* ndjsonChunks(input: AsyncIterable<Buffer | string>, options: ChunkOptions): AsyncGenerator<LineChunk> {
  let offset = options.startOffset ?? 0;
  let lineNumber = options.startLine ?? 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;
  let lines: ImportLine[] = [];

  const endLine = (): void => {
    lineNumber++;
    if (oversized) lines.push({ line: lineNumber, value: null });
    else {
      let value = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      if (value.length > 0 && value[value.length - 1] === CARRIAGE_RETURN) value = value.subarray(0, value.length - 1);
      if (value.length > MAX_MESSAGE_BYTES) lines.push({ line: lineNumber, value: null });
      else if (!isBlank(value)) lines.push({ line: lineNumber, value: Buffer.from(value) }); // a copy: the read buffer is not kept alive
    }
    pending = [];
    pendingBytes = 0;
    oversized = false;
  };
  const keep = (part: Buffer): void => {
    if (oversized || part.length === 0) return;
    if (pendingBytes + part.length > MAX_MESSAGE_BYTES + 1) {
      oversized = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  };

  let yieldedAt = offset;
  for await (const piece of input) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      keep(bytes.subarray(start, end));
      offset += end + 1 - start;
      start = end + 1;
      endLine();
      if (lines.length >= options.size) {
        yield { lines, endOffset: offset, endLine: lineNumber };
        lines = [];
        yieldedAt = offset;
      }
    }
    keep(bytes.subarray(start));
    offset += bytes.length - start;
  }
  if (pendingBytes > 0 || oversized) endLine();
  if (lines.length > 0 || offset > yieldedAt) yield { lines, endOffset: offset, endLine: lineNumber };
}

function isBlank(value: Buffer): boolean {
  for (const byte of value) if (byte !== 0x20 && byte !== 0x09 && byte !== CARRIAGE_RETURN) return false;
  return true;
}
