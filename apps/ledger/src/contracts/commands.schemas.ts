/**
 * The bodies of the command routes, each declared beside its command in the capability's
 * folder; Kafka payloads reuse them (see kafka message schemas).
 */
export { registerPartnerBody, type RegisterPartnerBody } from '../partners';
export { registerLeadBody, type RegisterLeadBody } from '../leads';
export { winDealBody, type WinDealBody } from '../leads';
export { extendLeadBody, type ExtendLeadBody, loseLeadBody, type LoseLeadBody } from '../leads';
export { earnCertificationBody, type EarnCertificationBody } from '../certifications';
export { expireCertificationsBody, type ExpireCertificationsBody } from '../certifications';
export { awardIncentiveBody, type AwardIncentiveBody } from '../incentives';
export { issueSanctionBody, type IssueSanctionBody, liftSuspensionBody, type LiftSuspensionBody } from '../sanctions';
export { recordEngagementBody, type RecordEngagementBody } from '../engagements';
export { objectiveBody, type ObjectiveBody } from '../objectives';
export { createChallengeBody, type CreateChallengeBody } from '../challenges';
export { submitCoopClaimBody, type SubmitCoopClaimBody } from '../coop';
