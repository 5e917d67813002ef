export * from './read-store.port';
export * from './cursor';
export * from './sqlite/sqlite-read-store';
export * from './mongodb/mongodb-read-store';
