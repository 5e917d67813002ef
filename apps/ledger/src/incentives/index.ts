// The incentives capability: incentives awarded to partners' people.
export * from './award-incentive.command';
