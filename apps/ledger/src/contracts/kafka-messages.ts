import { z } from 'zod';
import { TYPOLOGIES } from '@ledger/domain';
import {
  awardIncentiveBody, createChallengeBody, earnCertificationBody, extendLeadBody, issueSanctionBody, loseLeadBody, objectiveBody, recordEngagementBody, registerLeadBody,
  registerPartnerBody, submitCoopClaimBody, winDealBody,
} from './commands.schemas';
import { anyPeriod, identifier, instant, label } from './fields';

/**
 * The messages internal services publish on the activity topic (`partner-activity` by
 * default), one fact each. The value is this JSON; the key is the partnerId, so that one
 * partner's facts stay in order on one partition.
 *
 * Payloads are the HTTP command bodies (same schemas, same field rules) with two changes:
 * business time is carried once, by the envelope's `occurredAt`, so payloads do not repeat
 * it; and the ids a later message must name (partnerId, leadId) are required, because a
 * publisher gets no answer back from which to learn an id the ledger would have chosen.
 *
 * The consumer validates with these schemas and docs/messages/*.schema.json is generated
 * from them (see kafka/message-schemas.ts), so what is published is what is enforced.
 */
const envelope = {
  id: z.uuid().describe('Chosen by the publisher; the idempotency key: a message with an id already recorded has no second effect'),
  occurredAt: instant.describe('When the fact happened at the source (ISO-8601 with Z or an offset); months are counted in UTC'),
  source: identifier.describe('The publishing service, e.g. "crm", "training", "incentives"; recorded as source "kafka:<source>"'),
  actor: label().optional().describe('Who did it at the source (a user or service name); defaults to the source'),
};

const partnerPayload = registerPartnerBody.omit({ occurredAt: true }).extend({ partnerId: identifier });
const leadPayload = registerLeadBody.omit({ occurredAt: true }).extend({ partnerId: identifier, leadId: identifier });
const dealPayload = winDealBody.omit({ occurredAt: true }).extend({ leadId: identifier });
const leadExtendedPayload = extendLeadBody.omit({ occurredAt: true }).extend({ leadId: identifier });
const leadLostPayload = loseLeadBody.omit({ occurredAt: true }).extend({ leadId: identifier });
const certificationPayload = earnCertificationBody.omit({ occurredAt: true }).extend({ partnerId: identifier });
const incentivePayload = awardIncentiveBody.omit({ occurredAt: true }).extend({ partnerId: identifier });
const sanctionPayload = issueSanctionBody.omit({ occurredAt: true }).extend({ partnerId: identifier });
const engagementPayload = recordEngagementBody.omit({ occurredAt: true }).extend({ partnerId: identifier });
/** A typology's targets or one partner's (never both): the PUT /objectives/… body with whose and which period. */
const objectivePayload = z.union([
  objectiveBody.extend({ typology: z.enum(TYPOLOGIES).describe('Every partner of this typology'), period: anyPeriod }),
  objectiveBody.extend({ partnerId: identifier.describe('This partner: its own targets override its typology\'s, metric by metric'), period: anyPeriod }),
]);
const challengePayload = createChallengeBody.extend({ challengeId: identifier });
const coopClaimPayload = submitCoopClaimBody.omit({ occurredAt: true }).extend({ partnerId: identifier, claimId: identifier });

export const partnerRegisteredMessage = z
  .strictObject({ ...envelope, type: z.literal('PartnerRegistered'), payload: partnerPayload })
  .meta({ title: 'PartnerRegistered', description: 'A partner joined the program. Key: partnerId.' });

export const leadRegisteredMessage = z
  .strictObject({ ...envelope, type: z.literal('LeadRegistered'), payload: leadPayload })
  .meta({ title: 'LeadRegistered', description: 'A partner registered a lead (first to register a customer project wins). Key: partnerId.' });

export const dealWonMessage = z
  .strictObject({ ...envelope, type: z.literal('DealWon'), payload: dealPayload })
  .meta({ title: 'DealWon', description: 'The deal of a registered lead was won (once per lead). Key: the partnerId of the lead.' });

export const leadExtendedMessage = z
  .strictObject({ ...envelope, type: z.literal('LeadExtended'), payload: leadExtendedPayload })
  .meta({
    title: 'LeadExtended',
    description: 'An open lead\'s protection was extended by leadExtensionDays (at most maxLeadExtensions times). Key: the partnerId of the lead.',
  });

export const leadLostMessage = z
  .strictObject({ ...envelope, type: z.literal('LeadLost'), payload: leadLostPayload })
  .meta({ title: 'LeadLost', description: 'An open lead was lost; its customer project is free for the next registration. Key: the partnerId of the lead.' });

export const certificationEarnedMessage = z
  .strictObject({ ...envelope, type: z.literal('CertificationEarned'), payload: certificationPayload })
  .meta({ title: 'CertificationEarned', description: 'One of the partner\'s engineers earned a certification; the tier follows. Key: partnerId.' });

export const incentiveAwardedMessage = z
  .strictObject({ ...envelope, type: z.literal('IncentiveAwarded'), payload: incentivePayload })
  .meta({ title: 'IncentiveAwarded', description: 'An incentive was awarded to a partner\'s salesperson, pre-sales or technical staff. Key: partnerId.' });

export const sanctionIssuedMessage = z
  .strictObject({ ...envelope, type: z.literal('SanctionIssued'), payload: sanctionPayload })
  .meta({
    title: 'SanctionIssued',
    description: 'A partner was caught taking one of the vendor\'s leads to a competitor: the ledger records a yellow card, or a red card (and a suspension of lead registration) when a yellow one is held within the loyalty window. Key: partnerId.',
  });

export const engagementRecordedMessage = z
  .strictObject({ ...envelope, type: z.literal('EngagementRecorded'), payload: engagementPayload })
  .meta({
    title: 'EngagementRecorded',
    description: 'A partner took part in a seminar, training, convention or partner meeting, or received a pre-sales kit: how many of its people came (a count, nobody named) and their rating. Key: partnerId.',
  });
export const objectiveSetMessage = z
  .strictObject({ ...envelope, type: z.literal('ObjectiveSet'), payload: objectivePayload })
  .meta({
    title: 'ObjectiveSet',
    description:
      'Targets for a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY), for every partner of a typology or for one partner, as PUT /objectives/… sets them: ' +
      'setting a period again replaces its targets whole. Key: the partnerId, or the typology for a typology\'s objectives.',
  });
export const challengeCreatedMessage = z
  .strictObject({ ...envelope, type: z.literal('ChallengeCreated'), payload: challengePayload })
  .meta({
    title: 'ChallengeCreated',
    description:
      'A challenge was set up: partners ranked by a metric over [from, to), incentives awarded in it to the roles it names. Refused (dead-lettered) with ' +
      'CHALLENGE_ALREADY_EXISTS or CHALLENGE_ENDS_BEFORE_IT_STARTS; recorded with a warning when it leaves out both technical and pre-sales staff (sales only). Key: challengeId.',
  });

export const coopClaimSubmittedMessage = z
  .strictObject({ ...envelope, type: z.literal('CoopClaimSubmitted'), payload: coopClaimPayload })
  .meta({
    title: 'CoopClaimSubmitted',
    description:
      'A partner claims part of its co-op budget for a marketing activity (open day, seminar, breakfast, brochure, press ad, other), pending an admin\'s approval. ' +
      'Refused (dead-lettered) with 422 COOP_BALANCE_EXCEEDED when the amount is above its available balance, 409 COOP_CLAIM_ID_TAKEN when the claimId is another claim\'s. Key: partnerId.',
  });

/** Every message type, by name; the JSON Schema file of each is docs/messages/<kebab-name>.schema.json. */
export const ACTIVITY_MESSAGES = {
  PartnerRegistered: partnerRegisteredMessage,
  LeadRegistered: leadRegisteredMessage,
  DealWon: dealWonMessage,
  LeadExtended: leadExtendedMessage,
  LeadLost: leadLostMessage,
  CertificationEarned: certificationEarnedMessage,
  IncentiveAwarded: incentiveAwardedMessage,
  SanctionIssued: sanctionIssuedMessage,
  EngagementRecorded: engagementRecordedMessage,
  ObjectiveSet: objectiveSetMessage,
  ChallengeCreated: challengeCreatedMessage,
  CoopClaimSubmitted: coopClaimSubmittedMessage,
} as const;

export type ActivityMessageType = keyof typeof ACTIVITY_MESSAGES;
export const ACTIVITY_MESSAGE_TYPES = Object.keys(ACTIVITY_MESSAGES) as ActivityMessageType[];

export const activityMessage = z
  .discriminatedUnion('type', [
    partnerRegisteredMessage, leadRegisteredMessage, dealWonMessage, leadExtendedMessage, leadLostMessage, certificationEarnedMessage, incentiveAwardedMessage,
    sanctionIssuedMessage, engagementRecordedMessage, objectiveSetMessage, challengeCreatedMessage, coopClaimSubmittedMessage,
  ])
  .meta({ title: 'ActivityMessage', description: 'Any message of the partner activity topic, told apart by `type`.' });

export type ActivityMessage = z.infer<typeof activityMessage>;
export type PartnerRegisteredMessage = z.infer<typeof partnerRegisteredMessage>;
export type LeadRegisteredMessage = z.infer<typeof leadRegisteredMessage>;
export type DealWonMessage = z.infer<typeof dealWonMessage>;
export type LeadExtendedMessage = z.infer<typeof leadExtendedMessage>;
export type LeadLostMessage = z.infer<typeof leadLostMessage>;
export type CertificationEarnedMessage = z.infer<typeof certificationEarnedMessage>;
export type IncentiveAwardedMessage = z.infer<typeof incentiveAwardedMessage>;
export type SanctionIssuedMessage = z.infer<typeof sanctionIssuedMessage>;
export type EngagementRecordedMessage = z.infer<typeof engagementRecordedMessage>;
export type ObjectiveSetMessage = z.infer<typeof objectiveSetMessage>;
export type ChallengeCreatedMessage = z.infer<typeof challengeCreatedMessage>;
export type CoopClaimSubmittedMessage = z.infer<typeof coopClaimSubmittedMessage>;

/** The largest message value the consumer reads (the HTTP path has the same bound on bodies). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
