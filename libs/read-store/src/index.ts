// The read-store port and cursors. Each adapter has its own entry (@ledger/read-store/sqlite,
// @ledger/read-store/mongodb), so importing the port loads no store client.
export * from './read-store.port';
export * from './cursor';
export * from './generations/generational-read-store';
export * from './leases/leased-work';
