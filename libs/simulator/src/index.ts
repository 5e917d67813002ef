// Simulated partner histories, decided by the real domain: one source for `npm run demo` and `npm run bench`.
export * from './calendar';
export * from './catalog';
export * from './seeded-random';
export * from './partner-history';
