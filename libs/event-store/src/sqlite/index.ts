// The embedded event store (better-sqlite3), imported as @ledger/event-store/sqlite.
export * from './sqlite-event-store';
