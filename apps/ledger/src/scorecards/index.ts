// The scorecards read model: a partner's activity per month, quarter and year, with its
// targets and attainment, and roll-ups of a period by typology, tier, country or region.
export * from './scorecard';
export * from './certification-history';
export * from './scorecard.queries';
export * from './scorecard-rollup';
export * from './scorecard.view';
export * from './scorecards.controller';
export * from './scorecard-evidence';
export * from './scorecard-evidence.controller';
