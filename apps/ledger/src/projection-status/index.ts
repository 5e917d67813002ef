// Each projection's checkpoint and lag.
export * from './projection-status';
export * from './projection-status.controller';
