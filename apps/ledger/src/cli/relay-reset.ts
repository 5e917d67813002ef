import { EventStore, EventStoreIdentity } from '@ledger/event-store';
import { ReadStore } from '@ledger/read-store';
import { relayCheckpointName } from '../kafka/event-relay.service';

export interface RelayResetReport {
  checkpoint: string;
  /** Where the relay continues: after this position, or from the start (null). */
  after: bigint | null;
  source: EventStoreIdentity;
}

/**
 * Points the Kafka relay of `topic` at the connected event store: forgets its checkpoint
 * (a position in the store it relayed before) and records the connected store as the one
 * its checkpoint belongs to. It then publishes from the start of the connected store, or,
 * `fromHead`, only the events recorded after its present head. Run with the ledger stopped.
 */
export async function resetRelayCheckpoint(events: EventStore, store: ReadStore, topic: string, fromHead: boolean): Promise<RelayResetReport> {
  const checkpoint = relayCheckpointName(topic);
  const source = await events.identity();
  const head = fromHead ? await events.headPosition() : 0n;
  // The old position goes first and the new store is recorded last: interrupted, the relay
  // is still refused on start (and this is run again), never left following a foreign position.
  await store.reset(checkpoint, []);
  if (head > 0n) await store.commit(checkpoint, [], head);
  await store.recordCheckpointSource(checkpoint, source);
  return { checkpoint, after: head > 0n ? head : null, source };
}
