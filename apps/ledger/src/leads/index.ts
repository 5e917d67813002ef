// The leads capability: registering leads (first to register wins) and winning their deals.
export * from './register-lead.command';
export * from './win-deal.command';
export * from './leads.controller';
