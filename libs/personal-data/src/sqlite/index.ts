// The embedded person-key store (better-sqlite3), imported as @ledger/personal-data/sqlite.
export * from './sqlite-person-key-store';
