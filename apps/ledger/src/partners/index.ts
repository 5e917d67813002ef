// The partners capability: registering partners, and their profiles (the `partners` read model).
export * from './register-partner.command';
export * from './partner-stream-command';
export * from './partner-sweep';
export * from './partner-profile';
export * from './partner-profile.queries';
export * from './partner-profile.view';
export * from './partners-at-risk';
export * from './partners-at-risk.queries';
export * from './partners-at-risk.view';
export * from './partners.controller';
