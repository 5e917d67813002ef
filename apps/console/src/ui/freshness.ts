/**
 * Read-your-writes: after the console records something (an approved claim), the reads that
 * follow ask for read models at least at that position (`minPosition`), so the change shows.
 */
let lastWrite: string | undefined;

export function wrote(position: string | null | undefined) {
  if (position && (lastWrite === undefined || BigInt(position) > BigInt(lastWrite))) lastWrite = position;
}

/** `{ minPosition }` once the console has written, else nothing: spread it into a read's query. */
export function fresh(): { minPosition?: string } {
  return lastWrite === undefined ? {} : { minPosition: lastWrite };
}
