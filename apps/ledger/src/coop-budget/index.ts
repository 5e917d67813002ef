// The co-op budget's read side: balances, claims and the return of each marketing activity (the `coop-budget` read models).
export * from './coop-budget';
export * from './coop-budget.projection';
export * from './coop-budget.queries';
export * from './coop-budget.view';
export * from './coop-budget.controller';
