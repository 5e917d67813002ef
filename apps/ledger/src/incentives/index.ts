// The incentives capability: incentives awarded to partners' people.
export * from './award-incentive.command';
export * from './incentives.controller';
