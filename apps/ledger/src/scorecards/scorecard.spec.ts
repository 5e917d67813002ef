import { emptyCounters } from '../read-models/activity-counters';
import { partnerActivityProjection } from '../read-models/partner-activity.projection';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { SCORECARDS } from './scorecard';

const spec = projectionSpecFor(partnerActivityProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });

const registered: GivenEvent = {
  type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z',
  data: { partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'DE', region: 'Bavaria' } },
};
const lead = (leadId: string, occurredAt: string): GivenEvent => ({
  type: 'LeadRegistered', occurredAt,
  data: { leadId, partnerId: 'p1', customer: { id: 'c', name: 'C' }, project: leadId, opportunityKey: leadId, estimatedValue: eur(1_000_00) },
});
const won = (leadId: string, minor: number, occurredAt: string): GivenEvent => ({
  type: 'DealWon', occurredAt, data: { leadId, partnerId: 'p1', amount: eur(minor), lines: [] },
});
const certified = (occurredAt: string): GivenEvent => ({ type: 'CertificationEarned', occurredAt, data: { partnerId: 'p1', engineerId: 'e1', productLine: 'utm' } });
const tierChanged = (occurredAt: string, from: 'none' | 'silver', to: 'silver' | 'gold'): GivenEvent => ({
  type: 'TierChanged', occurredAt, data: { partnerId: 'p1', from, to, reason: 'flagship engineer' },
});
const reversed = (leadId: string, minor: number, totalReversed: number, wonAmount: number, occurredAt: string): GivenEvent => ({
  type: 'DealReversed', occurredAt,
  data: { leadId, partnerId: 'p1', reversalId: `r-${occurredAt}`, amount: eur(minor), reason: 'refund', lines: [], totalReversed: eur(totalReversed), wonAmount: eur(wonAmount) },
});
/** A scorecard; its netRevenue, unless given, is its revenueWon less its revenueReversed. */
const card = (period: string, fields: { revenueWon?: number; revenueReversed?: number; [field: string]: unknown }) => ({
  scorecardId: `p1:${period}`, partnerId: 'p1', period, typology: 'var', country: 'DE', region: 'Bavaria', tier: 'none', ...emptyCounters(),
  netRevenue: (fields.revenueWon ?? 0) - (fields.revenueReversed ?? 0), ...fields,
});

describe('scorecard read model', () => {
  it('given activity over two months (one fact late), then one scorecard per month, quarter and year the facts happened in, exact in minor units', () => {
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
        'p1:2026-Q1': card('2026-Q1', { leadsRegistered: 2, dealsWon: 2, revenueWon: 3_500_15 }),
        'p1:2026': card('2026', { leadsRegistered: 2, dealsWon: 2, revenueWon: 3_500_15 }),
      });
  });

  it('given a late fact recorded after later months but occurring in the quarter, then the quarter and its year count it, the later quarter not', () => {
    spec
      .given([
        registered,
        lead('l1', '2026-02-10T00:00:00Z'),
        lead('l2', '2026-05-02T00:00:00Z'),
        won('l2', 900_00, '2026-06-30T00:00:00Z'),
        won('l1', 4_999_99, '2026-03-31T23:30:00-02:00'), // recorded last; happened on 2026-04-01T01:30Z: Q2
        won('l3', 100_00, '2026-03-31T21:00:00Z'), // recorded last; happened in March: Q1
      ])
      .thenIn(SCORECARDS, {
        'p1:2026-02': card('2026-02', { leadsRegistered: 1 }),
        'p1:2026-03': card('2026-03', { dealsWon: 1, revenueWon: 100_00 }),
        'p1:2026-04': card('2026-04', { dealsWon: 1, revenueWon: 4_999_99 }),
        'p1:2026-05': card('2026-05', { leadsRegistered: 1 }),
        'p1:2026-06': card('2026-06', { dealsWon: 1, revenueWon: 900_00 }),
        'p1:2026-Q1': card('2026-Q1', { leadsRegistered: 1, dealsWon: 1, revenueWon: 100_00 }),
        'p1:2026-Q2': card('2026-Q2', { leadsRegistered: 1, dealsWon: 2, revenueWon: 5_899_99 }),
        'p1:2026': card('2026', { leadsRegistered: 2, dealsWon: 3, revenueWon: 5_999_99 }),
      });
  });

  it('given a deal reversed in the next month, then the win\'s month keeps its revenueWon and the reversal counts in its own month (net below zero there), the quarter nets both', () => {
    spec
      .given([
        registered,
        won('l1', 1_000_00, '2026-01-20T00:00:00Z'),
        reversed('l1', 300_00, 300_00, 1_000_00, '2026-01-31T23:30:00-01:00'), // 2026-02-01T00:30Z: February
        reversed('l1', 700_00, 1_000_00, 1_000_00, '2026-04-02T00:00:00Z'), // the rest: the deal reversed in full, in Q2
      ])
      .thenIn(SCORECARDS, {
        'p1:2026-01': card('2026-01', { dealsWon: 1, revenueWon: 1_000_00 }),
        'p1:2026-02': card('2026-02', { revenueReversed: 300_00 }),
        'p1:2026-04': card('2026-04', { revenueReversed: 700_00, dealsReversed: 1 }),
        'p1:2026-Q1': card('2026-Q1', { dealsWon: 1, revenueWon: 1_000_00, revenueReversed: 300_00 }),
        'p1:2026-Q2': card('2026-Q2', { revenueReversed: 700_00, dealsReversed: 1 }),
        'p1:2026': card('2026', { dealsWon: 1, revenueWon: 1_000_00, revenueReversed: 1_000_00, dealsReversed: 1 }),
      });
  });

  it('given a tier change, then the month\'s scorecard carries the tier the partner had after its latest fact', () => {
    spec
      .given([registered, certified('2026-03-01T00:00:00Z'), tierChanged('2026-03-01T00:00:00Z', 'none', 'silver')])
      .thenIn(SCORECARDS, {
        'p1:2026-03': card('2026-03', { certificationsEarned: 1, tier: 'silver' }),
        'p1:2026-Q1': card('2026-Q1', { certificationsEarned: 1, tier: 'silver' }),
        'p1:2026': card('2026', { certificationsEarned: 1, tier: 'silver' }),
      });
  });

  it('given a partner that changes tier mid-quarter, then the quarter shows its tier after the quarter\'s last fact, each month the tier after its own', () => {
    spec
      .given([
        registered,
        lead('l1', '2026-01-10T00:00:00Z'),
        certified('2026-02-01T00:00:00Z'),
        tierChanged('2026-02-01T00:00:00Z', 'none', 'silver'),
        lead('l2', '2026-03-10T00:00:00Z'),
        tierChanged('2026-07-01T00:00:00Z', 'silver', 'gold'), // Q3: leaves Q1 as it was
        lead('l3', '2026-01-20T00:00:00Z'), // recorded late, in Q1, while gold: the quarter's last fact recorded
      ])
      .thenIn(SCORECARDS, {
        'p1:2026-01': card('2026-01', { leadsRegistered: 2, tier: 'gold' }),
        'p1:2026-02': card('2026-02', { certificationsEarned: 1, tier: 'silver' }),
        'p1:2026-03': card('2026-03', { leadsRegistered: 1, tier: 'silver' }),
        'p1:2026-07': card('2026-07', { tier: 'gold' }),
        'p1:2026-Q1': card('2026-Q1', { leadsRegistered: 3, certificationsEarned: 1, tier: 'gold' }),
        'p1:2026-Q3': card('2026-Q3', { tier: 'gold' }),
        'p1:2026': card('2026', { leadsRegistered: 3, certificationsEarned: 1, tier: 'gold' }),
      });
  });

  it('given a partner without a region, then its scorecards have no region field', () => {
    const noRegion: GivenEvent = { ...registered, data: { partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'DE' } } } as GivenEvent;
    const { region: _none, ...withoutRegion } = card('2026-01', { leadsRegistered: 1 });
    spec.given([noRegion, lead('l1', '2026-01-10T00:00:00Z')]).thenIn(SCORECARDS, {
      'p1:2026-01': withoutRegion,
      'p1:2026-Q1': { ...withoutRegion, scorecardId: 'p1:2026-Q1', period: '2026-Q1' },
      'p1:2026': { ...withoutRegion, scorecardId: 'p1:2026', period: '2026' },
    });
  });

  it('given only a registration, then no scorecard (an empty period is answered from the profile)', () => {
    spec.given([registered]).thenIn(SCORECARDS, {});
  });
});
