import { eventHash, HashedEventFields } from './canonical';

/**
 * The hash chain of one stream.
 *
 * Every event appended since the chain exists carries `metadata.hash` (its eventHash) and
 * `metadata.prevHash` (the chain value of the event before it in the stream, null for the
 * first). Events recorded before that ("legacy" events) carry neither; their chain value is
 * computed, so that the first hashed event of an old stream links to its whole history:
 *
 *   chainValue(e) = e.metadata.hash                         if present
 *                 = eventHash(e, chainValue(previous) ?? null)  otherwise
 */

const HASH_HEX = /^[0-9a-f]{64}$/;

/** The chain fields an event carries in its metadata, when it carries them. */
export function storedChain(metadata: Record<string, unknown>): { hash: string; prevHash: string | null } | null {
  const { hash, prevHash } = metadata;
  if (typeof hash !== 'string') return null;
  return { hash, prevHash: typeof prevHash === 'string' ? prevHash : null };
}

export function isLegacyEvent(event: Pick<HashedEventFields, 'metadata'>): boolean {
  return storedChain(event.metadata) === null;
}

/** An event's chain value: its stored hash, or for a legacy event its hash computed over the chain before it. */
export function chainValue(event: HashedEventFields, previous: string | null): string {
  return storedChain(event.metadata)?.hash ?? eventHash(event, previous);
}

/** The chain value of the last of these events (a stream's events in revision order); null for none. */
export function lastChainValue(events: Iterable<HashedEventFields>): string | null {
  let value: string | null = null;
  for (const event of events) value = chainValue(event, value);
  return value;
}

/**
 * The metadata an event is recorded with: the writer's own, and its chain fields (which replace
 * any the writer set), hashed over everything else the event records.
 */
export function chainedMetadata<M extends Record<string, unknown>>(
  fields: Omit<HashedEventFields, 'metadata'> & { metadata: M },
  prevHash: string | null,
): M & { hash: string; prevHash: string | null } {
  const { hash: _hash, prevHash: _prev, ...own } = fields.metadata;
  return { ...(own as M), hash: eventHash(fields, prevHash), prevHash };
}

export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HASH_HEX.test(value);
}
