// The event-store port, its errors and adapter-neutral helpers. Each adapter has its own
// entry (@ledger/event-store/sqlite, @ledger/event-store/eventstoredb), so importing the port
// loads no store client.
export * from './event-store.port';
export * from './event-store.errors';
export * from './idempotent-append';
export * from './serialised-event';
export * from './chain-tips';
export * from './chain-append';
