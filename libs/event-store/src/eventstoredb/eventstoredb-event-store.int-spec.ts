import { STREAM_PREFIXES } from '@ledger/domain';
import { describeWithServer } from '@test/support/server-suite';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { describeEventStoreIdentityContract } from '../testing/event-store-identity.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// The contract every adapter keeps, against a real EventStoreDB/KurrentDB when
// EVENTSTORE_URL is set (e.g. esdb://localhost:2113?tls=false from docker-compose.yml).
// Event ids are unique per stream in EventStoreDB, not across streams: the ledger derives
// them per stream, so the adapter does not promise (or pay for) global uniqueness.
describeWithServer('EVENTSTORE_URL', 'event store contract: EventStoreDB', (url) =>
  describeEventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore(url, { streamPrefixes: STREAM_PREFIXES }), { globallyUniqueEventIds: false }));

// One server is one database: every name opens a new connection to it.
describeWithServer('EVENTSTORE_URL', 'event store identity: EventStoreDB', (url) =>
  describeEventStoreIdentityContract('EventStoreDB', async () => new EventStoreDbEventStore(url, { streamPrefixes: STREAM_PREFIXES }), { kind: 'eventstoredb', distinctStores: false }));
