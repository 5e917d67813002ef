// The MongoDB read store, imported as @ledger/read-store/mongodb: the only entry that loads mongodb.
export * from './mongodb-read-store';
