// Each projection's checkpoint and lag.
export * from './projection-status';
