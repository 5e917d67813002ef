// The EventStoreDB (KurrentDB) event store, imported as @ledger/event-store/eventstoredb: the
// only entry that loads @eventstore/db-client.
export * from './eventstoredb-event-store';
