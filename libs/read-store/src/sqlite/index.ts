// The embedded read store (better-sqlite3), imported as @ledger/read-store/sqlite.
export * from './sqlite-read-store';
