/**
 * The bodies of the command routes, each declared beside its command in the capability's
 * folder; Kafka payloads reuse them (see kafka message schemas).
 */
export { registerPartnerBody, type RegisterPartnerBody } from '../partners/register-partner.command';
export { registerLeadBody, type RegisterLeadBody } from '../leads/register-lead.command';
export { winDealBody, type WinDealBody } from '../leads/win-deal.command';
export { earnCertificationBody, type EarnCertificationBody } from '../certifications/earn-certification.command';
export { expireCertificationsBody, type ExpireCertificationsBody } from '../certifications/expire-certifications.command';
export { awardIncentiveBody, type AwardIncentiveBody } from '../incentives/award-incentive.command';
