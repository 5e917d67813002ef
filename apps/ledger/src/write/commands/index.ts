import { AwardIncentiveHandler } from './award-incentive';
import { EarnCertificationHandler } from './earn-certification';
import { ExpireCertificationsHandler } from './expire-certifications';
import { RegisterLeadHandler } from './register-lead';
import { RegisterPartnerHandler } from './register-partner';
import { WinDealHandler } from './win-deal';

export * from './award-incentive';
export * from './earn-certification';
export * from './expire-certifications';
export * from './register-lead';
export * from './register-partner';
export * from './win-deal';

export const COMMAND_HANDLERS = [
  RegisterPartnerHandler,
  RegisterLeadHandler,
  WinDealHandler,
  EarnCertificationHandler,
  ExpireCertificationsHandler,
  AwardIncentiveHandler,
];
