// The challenges capability: creating challenges, and their leaderboards (the `challenges` read models).
export * from './create-challenge.command';
export * from './challenges.projection';
export * from './challenges.queries';
export * from './challenges.view';
export * from './challenges.controller';
