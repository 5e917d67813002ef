// The tiers capability: re-evaluating every partner's tier under a version of the program rules, and a partner's tier as an end customer asks it.
export * from './reevaluate-tiers.command';
export * from './tiers.controller';
export * from './partner-tier.query';
export * from './partner-tier.view';
export * from './tier-reevaluation.work';
