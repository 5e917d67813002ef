/**
 * The identity of an EventStoreDB (KurrentDB) database as the ledger knows it: a random id
 * kept as the one event of a stream of its own, so that it lives and dies with the database
 * (a new or wiped database gets a new one; a cluster's nodes share it).
 *
 * The stream's name must have none of the ledger's prefixes (translation.ts, isLedgerStream;
 * EventStoreDbEventStore refuses prefixes that take it in): the projectors' subscriptions,
 * readAll and headPosition never see it.
 */
import { EventStoreDBClient, FORWARDS, jsonEvent, NO_STREAM, ResolvedEvent, START } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventStoreIdentity } from '../event-store.port';
import { isStreamNotFound, isWrongExpectedVersion, translateError } from './translation';

export const STORE_IDENTITY_STREAM = 'ledger-store-identity';
export const STORE_IDENTITY_EVENT = 'LedgerStoreIdentified';

/** The store id an identity event carries; an error for anything else in that stream. */
export function storeIdOf(resolved: ResolvedEvent): string {
  const event = resolved.event;
  const storeId = event?.isJson && event.type === STORE_IDENTITY_EVENT ? (event.data as { storeId?: unknown } | undefined)?.storeId : undefined;
  if (typeof storeId !== 'string' || storeId === '') {
    throw new Error(`${STORE_IDENTITY_STREAM} does not begin with a ${STORE_IDENTITY_EVENT} event holding a storeId`);
  }
  return storeId;
}

/** The first event's store id, or undefined when the stream does not exist yet. */
async function readStoreId(client: EventStoreDBClient): Promise<string | undefined> {
  try {
    for await (const resolved of client.readStream(STORE_IDENTITY_STREAM, { direction: FORWARDS, fromRevision: START, maxCount: 1, requiresLeader: true })) {
      return storeIdOf(resolved);
    }
    return undefined;
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw translateError(error, `reading ${STORE_IDENTITY_STREAM}`);
  }
}

/**
 * Reads the store id, or creates it: appended with expected "no stream", so of two ledgers
 * starting at once on a new database one wins and the other reads the winner's id.
 * On the leader, both ways, so that a follower that lags cannot answer "none yet".
 */
export async function eventStoreDbStoreId(client: EventStoreDBClient): Promise<string> {
  const found = await readStoreId(client);
  if (found !== undefined) return found;
  const storeId = randomUUID();
  try {
    await client.appendToStream(STORE_IDENTITY_STREAM, jsonEvent({ id: storeId, type: STORE_IDENTITY_EVENT, data: { storeId } }), {
      expectedRevision: NO_STREAM,
      requiresLeader: true,
    });
    return storeId;
  } catch (error) {
    if (!isWrongExpectedVersion(error)) throw translateError(error, `creating ${STORE_IDENTITY_STREAM}`);
    const winner = await readStoreId(client);
    if (winner === undefined) throw new Error(`${STORE_IDENTITY_STREAM} exists but could not be read`);
    return winner;
  }
}

/** The port's identity of the database this client speaks to. */
export async function eventStoreDbIdentity(client: EventStoreDBClient): Promise<EventStoreIdentity> {
  return { kind: 'eventstoredb', storeId: await eventStoreDbStoreId(client) };
}
