// A partner's history: every event of the partner and of its leads, for auditors, read from the audit events.
export * from './history.queries';
export * from './history.view';
export * from './history.controller';
