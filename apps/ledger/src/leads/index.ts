// The leads capability: registering leads (first to register wins), extending, winning, losing
// and expiring them, reversing won deals; the `leads` read model and its routes.
export * from './register-lead.command';
export * from './win-deal.command';
export * from './extend-lead.command';
export * from './lose-lead.command';
export * from './reverse-deal.command';
// Losing or expiring one lead, its project released: for a caller that names the lead itself (the demo's expiries).
export { closeLead } from './lead-closing';
export * from './expire-due-leads.command';
export * from './lead-register';
export * from './lead-register.queries';
export * from './lead-register.view';
export * from './leads.controller';
export * from './lead-expiry.work';
