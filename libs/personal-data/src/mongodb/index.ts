// The MongoDB person-key store, imported as @ledger/personal-data/mongodb: the only entry that loads mongodb.
export * from './mongodb-person-key-store';
