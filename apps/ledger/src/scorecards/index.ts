// The scorecards read model: a partner's activity per month.
export * from './scorecard';
export * from './scorecard.queries';
export * from './scorecard.view';
export * from './scorecards.controller';
