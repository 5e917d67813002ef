import { randomBytes, randomUUID } from 'node:crypto';

/** Builders of activity messages (as publishers send them) for the Kafka suites. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const uid = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

const envelope = (type: string, payload: Json, overrides: Json = {}): Json => ({
  id: randomUUID(),
  type,
  occurredAt: '2026-03-14T09:30:00Z',
  source: 'crm',
  payload,
  ...overrides,
});

export const partnerRegistered = (partnerId: string, overrides: Json = {}) =>
  envelope('PartnerRegistered', { partnerId, name: 'Acme Integration', typology: 'integrator', territory: { country: 'FR', region: 'Bretagne' } }, overrides);

export const leadRegistered = (partnerId: string, leadId: string, overrides: Json = {}) =>
  envelope(
    'LeadRegistered',
    { partnerId, leadId, customer: { id: uid('cust'), name: 'Globex' }, project: 'Firewall refresh', estimatedValue: { amount: '20000.00', currency: 'EUR' } },
    overrides,
  );

export const dealWon = (leadId: string, overrides: Json = {}) =>
  envelope(
    'DealWon',
    { leadId, amount: '18500.00', currency: 'EUR', lines: [{ productLine: 'utm', product: 'UTM 500', revenue: '18500.00', margin: '4200.00' }] },
    overrides,
  );

export const leadExtended = (leadId: string, overrides: Json = {}) => envelope('LeadExtended', { leadId, reason: 'customer board meets in July' }, overrides);

export const leadLost = (leadId: string, overrides: Json = {}) => envelope('LeadLost', { leadId, reason: 'customer chose a competitor' }, overrides);

export const certificationEarned = (partnerId: string, overrides: Json = {}) =>
  envelope('CertificationEarned', { partnerId, engineerId: uid('eng'), engineerName: 'Ada Lovelace', productLine: 'utm' }, { source: 'training', ...overrides });

export const incentiveAwarded = (partnerId: string, overrides: Json = {}) =>
  envelope(
    'IncentiveAwarded',
    { partnerId, recipient: { personId: uid('person'), name: 'Grace Hopper', role: 'presales' }, kind: 'voucher', value: { amount: '150.00', currency: 'EUR' }, reason: 'Q1 challenge winner' },
    { source: 'incentives', ...overrides },
  );

export const sanctionIssued = (partnerId: string, overrides: Json = {}) =>
  envelope('SanctionIssued', { partnerId, reason: 'took lead-7 to a competitor', leadId: 'lead-7' }, { source: 'crm', ...overrides });

export const engagementRecorded = (partnerId: string, overrides: Json = {}, payload: Json = {}) =>
  envelope('EngagementRecorded', { partnerId, kind: 'seminar', name: 'Spring partner seminar', attendees: 4, satisfaction: 4.5, ...payload }, { source: 'marketing', ...overrides });
/** Targets for a period: a typology's (`{ typology }`) or a partner's (`{ partnerId }`). Key: the partnerId, or the typology. */
export const objectiveSet = (scope: { typology: string } | { partnerId: string }, period: string, targets: Json, overrides: Json = {}) =>
  envelope('ObjectiveSet', { ...scope, period, ...targets }, { source: 'planning', ...overrides });
export const challengeCreated = (challengeId: string, overrides: Json = {}, payload: Json = {}) =>
  envelope(
    'ChallengeCreated',
    { challengeId, name: 'Q2 certifications', from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z', metric: 'certificationsEarned', eligibleRoles: ['technical', 'presales'], ...payload },
    { source: 'incentives', ...overrides },
  );

/** A claim on the partner's co-op budget. Key: partnerId. */
export const coopClaimSubmitted = (partnerId: string, claimId: string, overrides: Json = {}, payload: Json = {}) =>
  envelope('CoopClaimSubmitted', { partnerId, claimId, activity: 'open-day', amount: { amount: '250.00', currency: 'EUR' }, description: 'Open day at the Rennes office', ...payload }, { source: 'marketing', ...overrides });
