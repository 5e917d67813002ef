import { chainedMetadata } from '@ledger/audit';
import { NewEvent } from './event-store.port';

/**
 * The events of one append as they are recorded: each with its hash and the hash of the event
 * before it (`prevHash`, the stream's last chain value for the first, null in a new stream),
 * at the revisions they take from `firstRevision` on and the time the store records.
 */
export function chainAppend(streamId: string, events: NewEvent[], firstRevision: bigint, recordedAt: string, prevHash: string | null): NewEvent[] {
  let previous = prevHash;
  return events.map((event, i) => {
    const metadata = chainedMetadata({ ...event, streamId, revision: firstRevision + BigInt(i), recordedAt }, previous);
    previous = metadata.hash;
    return { ...event, metadata };
  });
}
