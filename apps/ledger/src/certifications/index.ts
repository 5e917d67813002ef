// The certifications capability: engineers' certifications earned and expired (tiers follow).
export * from './earn-certification.command';
export * from './expire-certifications.command';
export * from './expire-due-certifications.command';
export * from './certifications.controller';
export * from './certification-expiry.work';
