// Who did what: the audit read model of every event, its search, and the export of the events as recorded.
export * from './audit-events';
export * from './recorded-entry';
export * from './audit-export';
export * from './audit-search.queries';
export * from './audit-search.view';
export * from './audit-search.controller';
