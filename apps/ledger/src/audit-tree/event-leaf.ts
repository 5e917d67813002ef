import { eventHash, fromHex, HashedEventFields, leafHash, toHex } from '@ledger/audit';

const HASH_HEX = /^[0-9a-f]{64}$/;

/**
 * The event's hash recomputed from the event as stored, chained to the `prevHash` its metadata
 * holds (null for events recorded before the chain). Equal to `metadata.hash` when the event
 * is intact; an edited event gives another hash, so the tree built from it has another root.
 * A `prevHash` that is not a hash (an edited one) is taken as none: the result differs all the same.
 * Takes a recorded event or an exported one (revision as a decimal string); other fields are ignored.
 */
export function storedEventHash(event: HashedEventFields): string {
  const prevHash = event.metadata['prevHash'];
  const { streamId, revision, eventId, type, schemaVersion, data, occurredAt, recordedAt, metadata } = event;
  return eventHash(
    { streamId, revision, eventId, type, schemaVersion, data, occurredAt, recordedAt, metadata },
    typeof prevHash === 'string' && HASH_HEX.test(prevHash) ? prevHash : null,
  );
}

/** The event's leaf in the tree: SHA-256(0x00 ‖ event hash bytes), with both in hex. */
export function leafOf(event: HashedEventFields): { eventHash: string; leafHash: string } {
  const hash = storedEventHash(event);
  return { eventHash: hash, leafHash: toHex(leafHash(fromHex(hash))) };
}
