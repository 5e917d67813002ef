/**
 * Read-your-writes: after the console records something (an approved claim), the reads that
 * follow ask for read models at least at that position (`minPosition`), so the change shows.
 * A link may carry one too (#/overview?minPosition=…): whoever opens it sees at least that much.
 */
let lastWrite: string | undefined;

export function wrote(position: string | null | undefined) {
  if (position && (lastWrite === undefined || BigInt(position) > BigInt(lastWrite))) lastWrite = position;
}

function linked(): string | undefined {
  const search = globalThis.location?.hash.split('?', 2)[1];
  const value = search === undefined ? null : new URLSearchParams(search).get('minPosition');
  return value !== null && /^\d{1,20}$/.test(value) ? value : undefined;
}

/** `{ minPosition }` once the console has written, or a link asked for one; else nothing: spread it into a read's query. */
export function fresh(): { minPosition?: string } {
  const asked = [lastWrite, linked()].filter((p): p is string => p !== undefined);
  if (asked.length === 0) return {};
  return { minPosition: asked.reduce((a, b) => (BigInt(a) >= BigInt(b) ? a : b)) };
}
