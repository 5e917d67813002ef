export * from './event-store.port';
export * from './event-store.errors';
export * from './idempotent-append';
export * from './sqlite/sqlite-event-store';
export * from './eventstoredb/eventstoredb-event-store';
export * from './serialised-event';
