// The co-op capability's write side: claims submitted, approved and rejected, and the reactor
// that brings wins and reversals to the partner's co-op budget.
export * from './submit-coop-claim.command';
export * from './decide-coop-claim.command';
export * from './coop-claims.controller';
export * from './coop-reactor.service';
export * from './coop-follow-up';
