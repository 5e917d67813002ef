// Answers as they were: a partner's, a scorecard's, a lead's or a tier's state computed from the events kept by a business time (asOf) or a ledger time (knownAt).
export * from './as-of.query';
export * from './time-filter';
