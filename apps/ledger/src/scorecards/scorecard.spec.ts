import { emptyCounters } from '../read-models/activity-counters';
import { partnerActivityProjection } from '../read-models/partner-activity.projection';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { SCORECARDS } from './scorecard';

const spec = projectionSpecFor(partnerActivityProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });

const registered: GivenEvent = {
  type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z',
  data: { partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'DE' } },
};
const lead = (leadId: string, occurredAt: string): GivenEvent => ({
  type: 'LeadRegistered', occurredAt,
  data: { leadId, partnerId: 'p1', customer: { id: 'c', name: 'C' }, project: leadId, opportunityKey: leadId, estimatedValue: eur(1_000_00) },
});
const won = (leadId: string, minor: number, occurredAt: string): GivenEvent => ({
  type: 'DealWon', occurredAt, data: { leadId, partnerId: 'p1', amount: eur(minor), lines: [] },
});
const card = (period: string, fields: object) => ({
  scorecardId: `p1:${period}`, partnerId: 'p1', period, typology: 'var', country: 'DE', tier: 'none', ...emptyCounters(), ...fields,
});

describe('scorecard read model', () => {
  it('given activity over two months (one fact late), then one scorecard per month the facts happened in, exact in minor units', () => {
    spec
      .given([
        registered,
        lead('l1', '2026-01-10T00:00:00Z'),
        lead('l2', '2026-02-01T00:00:00Z'),
        won('l1', 2_500_10, '2026-02-03T00:00:00Z'),
        won('l2', 1_000_05, '2026-01-31T23:59:59Z'), // recorded later, counted in January
      ])
      .thenIn(SCORECARDS, {
        'p1:2026-01': card('2026-01', { leadsRegistered: 1, dealsWon: 1, revenueWon: 1_000_05 }),
        'p1:2026-02': card('2026-02', { leadsRegistered: 1, dealsWon: 1, revenueWon: 2_500_10 }),
      });
  });

  it('given a tier change, then the month\'s scorecard carries the tier the partner had after its latest fact', () => {
    spec
      .given([
        registered,
        { type: 'CertificationEarned', occurredAt: '2026-03-01T00:00:00Z', data: { partnerId: 'p1', engineerId: 'e1', productLine: 'utm' } },
        { type: 'TierChanged', occurredAt: '2026-03-01T00:00:00Z', data: { partnerId: 'p1', from: 'none', to: 'silver', reason: 'flagship engineer' } },
      ])
      .thenIn(SCORECARDS, { 'p1:2026-03': card('2026-03', { certificationsEarned: 1, tier: 'silver' }) });
  });

  it('given only a registration, then no scorecard (an empty month is answered from the profile)', () => {
    spec.given([registered]).thenIn(SCORECARDS, {});
  });
});
