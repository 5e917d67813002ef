// The history read model: every event of a partner and of its leads, for auditors.
export * from './history';
export * from './history.queries';
export * from './history.view';
export * from './history.controller';
