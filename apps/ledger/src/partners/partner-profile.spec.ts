import { emptyCounters } from '../read-models/activity-counters';
import { partnerActivityProjection } from '../read-models/partner-activity.projection';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { evolvePartnerProfile, noSanctions, PARTNERS, PartnerProfile } from './partner-profile';
import { partnerView } from './partner-profile.view';

const spec = projectionSpecFor(partnerActivityProjection);

const acmeRegistered: GivenEvent = {
  type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z',
  data: { partnerId: 'p1', name: 'Acme', typology: 'integrator', territory: { country: 'FR', region: 'IDF' } },
};

describe('partner profile read model', () => {
  const profile = {
    partnerId: 'p1', name: 'Acme', typology: 'integrator', territory: { country: 'FR', region: 'IDF' }, country: 'FR', tier: 'none',
    tierSince: '2026-01-05T10:00:00Z', registeredAt: '2026-01-05T10:00:00Z', certifiedEngineers: {}, counters: emptyCounters(), sanctions: noSanctions(),
    lastActivityAt: '2026-01-05T10:00:00.000Z', lastActivityType: 'PartnerRegistered', tierCanLapse: false,
  };

  it('given a registration, then a profile with zero counters and no tier, and no scorecard yet', () => {
    spec.given([acmeRegistered]).then({ [PARTNERS]: { p1: profile } });
  });

  it('given certifications, a tier change, an expiry and an incentive, then engineers per line, the tier and all-time counters', () => {
    spec
      .given([
        acmeRegistered,
        { type: 'CertificationEarned', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'p1', engineerId: 'e1', engineerName: 'Ada', productLine: 'utm', expiresAt: '2027-01-06T00:00:00Z' } },
        { type: 'TierChanged', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'p1', from: 'none', to: 'silver', reason: 'flagship engineer' } },
        { type: 'CertificationEarned', occurredAt: '2026-02-01T00:00:00Z', data: { partnerId: 'p1', engineerId: 'e2', productLine: 'network' } },
        { type: 'CertificationExpired', occurredAt: '2026-03-01T00:00:00Z', data: { partnerId: 'p1', engineerId: 'e2', productLine: 'network', expiredAt: '2026-03-01T00:00:00Z' } },
        {
          type: 'IncentiveAwarded', occurredAt: '2026-03-02T00:00:00Z',
          data: { partnerId: 'p1', incentiveId: 'i1', recipient: { personId: 'x', role: 'sales' }, kind: 'voucher', value: { minor: 12_550, currency: 'EUR' }, reason: 'Q1' },
        },
      ])
      .thenIn(PARTNERS, {
        p1: {
          ...profile,
          // Set by the TierChanged (recorded before versions were: version 1 decided it).
          tier: 'silver', tierSince: '2026-01-06T00:00:00Z', tierRulesVersion: 1,
          certifiedEngineers: { utm: [{ engineerId: 'e1', engineerName: 'Ada', expiresAt: '2027-01-06T00:00:00Z' }], network: [] },
          counters: { ...emptyCounters(), certificationsEarned: 2, incentivesAwarded: 1, incentivesValue: 12_550, incentivesSales: 1, incentivesSalesValue: 12_550 },
          // An incentive or an expiry is no activity of the partner's: its last is the second certification.
          lastActivityAt: '2026-02-01T00:00:00.000Z', lastActivityType: 'CertificationEarned',
          nextCertificationExpiry: '2027-01-06T00:00:00.000Z', tierCanLapse: true,
        },
      });
  });

  it('given a deal won then reversed in two parts, then all-time net figures; the deal counted as won once, reversed in full once; a reversal is not an activity', () => {
    const eur = (minor: number) => ({ minor, currency: 'EUR' });
    const reversed = (reversalId: string, minor: number, total: number, occurredAt: string): GivenEvent => ({
      type: 'DealReversed', occurredAt,
      data: { leadId: 'l1', partnerId: 'p1', reversalId, amount: eur(minor), reason: 'refund', lines: [], totalReversed: eur(total), wonAmount: eur(1_000_00) },
    });
    spec
      .given([
        acmeRegistered,
        { type: 'DealWon', occurredAt: '2026-02-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', amount: eur(1_000_00), lines: [] } },
        reversed('r1', 300_00, 300_00, '2026-03-01T00:00:00Z'),
        reversed('r2', 700_00, 1_000_00, '2026-04-01T00:00:00Z'),
      ])
      .thenIn(PARTNERS, {
        p1: {
          ...profile,
          counters: { ...emptyCounters(), dealsWon: 1, revenueWon: 1_000_00, revenueReversed: 1_000_00, netRevenue: 0, dealsReversed: 1 },
          lastActivityAt: '2026-02-01T00:00:00.000Z', lastActivityType: 'DealWon',
        },
      });
  });

  it('given a TierChanged naming its rules version, then the tier, since when and by which version', () => {
    spec
      .given([
        acmeRegistered,
        { type: 'TierChanged', occurredAt: '2027-01-01T00:00:00Z', data: { partnerId: 'p1', from: 'none', to: 'gold', reason: 'x', rulesVersion: 4 } },
      ])
      .thenIn(PARTNERS, { p1: { ...profile, tier: 'gold', tierSince: '2027-01-01T00:00:00Z', tierRulesVersion: 4 } });
  });

  describe('loyalty cards', () => {
    const card = (occurredAt: string, data: Record<string, unknown>): GivenEvent => ({
      type: 'SanctionIssued', occurredAt, data: { partnerId: 'p1', reason: 'took a lead to a competitor', rulesVersion: 1, issuedAt: occurredAt, ...data },
    } as GivenEvent);
    const yellow = card('2026-02-01T00:00:00Z', { card: 'yellow', leadId: 'l-7', activeUntil: '2027-02-01T00:00:00.000Z' });
    const red = card('2026-05-01T00:00:00Z', { card: 'red', suspendedUntil: '2026-10-28T00:00:00.000Z' });
    const lifted: GivenEvent = {
      type: 'SuspensionLifted', occurredAt: '2026-06-01T00:00:00Z',
      data: { partnerId: 'p1', reason: 'appeal upheld', liftedAt: '2026-06-01T00:00:00Z', suspendedUntil: '2026-10-28T00:00:00.000Z' },
    };
    const sanctionsAfter = (events: GivenEvent[], sanctions: object) =>
      spec.given([acmeRegistered, ...events]).thenIn(PARTNERS, { p1: { ...profile, sanctions } });

    it('a yellow card: counted, active until the end of its window', () =>
      sanctionsAfter([yellow], { yellowCards: 1, redCards: 0, activeYellowUntil: '2027-02-01T00:00:00.000Z' }));

    it('a red card: counted, spends the yellow card, suspends until its suspendedUntil', () =>
      sanctionsAfter([yellow, red], { yellowCards: 1, redCards: 1, suspendedUntil: '2026-10-28T00:00:00.000Z' }));

    it('a lifted suspension ends when it was lifted', () =>
      sanctionsAfter([yellow, red, lifted], { yellowCards: 1, redCards: 1, suspendedUntil: '2026-06-01T00:00:00Z' }));

    it('a yellow card after a red one is held again; the last suspension stays shown', () =>
      sanctionsAfter([yellow, red, card('2026-12-01T00:00:00Z', { card: 'yellow', activeUntil: '2027-12-01T00:00:00.000Z' })], {
        yellowCards: 2, redCards: 1, activeYellowUntil: '2027-12-01T00:00:00.000Z', suspendedUntil: '2026-10-28T00:00:00.000Z',
      }));

    it('a profile stored before loyalty cards (no sanctions) gets them with its first card', () => {
      const { sanctions: _none, ...old } = profile;
      expect(evolvePartnerProfile(old as PartnerProfile, yellow, yellow.occurredAt)?.sanctions).toEqual({
        yellowCards: 1, redCards: 0, activeYellowUntil: '2027-02-01T00:00:00.000Z',
      });
    });
  });

  describe('last activity', () => {
    const lead = (occurredAt: string): GivenEvent => ({
      type: 'LeadRegistered', occurredAt,
      data: { leadId: `l-${occurredAt}`, partnerId: 'p1', customer: { id: 'c1', name: 'Client' }, project: 'x', estimatedValue: { minor: 100, currency: 'EUR' } },
    } as GivenEvent);
    const engagement = (occurredAt: string): GivenEvent => ({
      type: 'EngagementRecorded', occurredAt, data: { partnerId: 'p1', engagementId: 'g1', kind: 'seminar', name: 'Spring seminar', attendees: 3, satisfaction: 4.5 },
    });
    const lastActivityAfter = (events: GivenEvent[], last: object) =>
      spec.given([acmeRegistered, ...events]).thenIn(PARTNERS, { p1: expect.objectContaining(last) });

    it('is the registration, in UTC, until something happens', () =>
      lastActivityAfter([], { lastActivityAt: '2026-01-05T10:00:00.000Z', lastActivityType: 'PartnerRegistered' }));

    it('an engagement is an activity, its occurredAt in UTC (an offset converted)', () =>
      lastActivityAfter([lead('2026-02-01T00:00:00Z'), engagement('2026-03-10T09:00:00+02:00')], {
        lastActivityAt: '2026-03-10T07:00:00.000Z', lastActivityType: 'EngagementRecorded',
        counters: { ...emptyCounters(), leadsRegistered: 1, engagements: 1, satisfactionRatings: 1, satisfactionTenths: 45 },
      }));

    it('a late fact, older than the last activity, does not move it back', () =>
      lastActivityAfter([engagement('2026-03-10T00:00:00Z'), lead('2026-02-01T00:00:00Z')], { lastActivityAt: '2026-03-10T00:00:00.000Z', lastActivityType: 'EngagementRecorded' }));

    it('a deal won is an activity; an incentive, a card or a tier change is not', () =>
      lastActivityAfter(
        [
          { type: 'DealWon', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', amount: { minor: 500, currency: 'EUR' } } } as GivenEvent,
          { type: 'TierChanged', occurredAt: '2026-05-01T00:00:00Z', data: { partnerId: 'p1', from: 'none', to: 'silver', reason: 'x' } },
          {
            type: 'SanctionIssued', occurredAt: '2026-05-02T00:00:00Z',
            data: { partnerId: 'p1', reason: 'r', card: 'yellow', rulesVersion: 1, issuedAt: '2026-05-02T00:00:00Z', activeUntil: '2027-05-02T00:00:00.000Z' },
          } as GivenEvent,
        ],
        { lastActivityAt: '2026-04-01T00:00:00.000Z', lastActivityType: 'DealWon' },
      ));
  });

  describe('the expiry watch (tiers at risk)', () => {
    const earned = (engineerId: string, productLine: string, expiresAt?: string): GivenEvent => ({
      type: 'CertificationEarned', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'p1', engineerId, productLine, ...(expiresAt ? { expiresAt } : {}) },
    });
    const silver: GivenEvent = { type: 'TierChanged', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'p1', from: 'none', to: 'silver', reason: 'x', rulesVersion: 1 } };
    const watchAfter = (events: GivenEvent[], watch: object) => spec.given([acmeRegistered, ...events]).thenIn(PARTNERS, { p1: expect.objectContaining(watch) });

    it('the earliest expiry held, in UTC; the tier may lapse once one is held', () =>
      watchAfter([earned('e1', 'utm', '2027-01-06T00:00:00+01:00'), earned('e2', 'network', '2026-09-01T00:00:00Z'), earned('e3', 'utm'), silver], {
        nextCertificationExpiry: '2026-09-01T00:00:00.000Z', tierCanLapse: true,
      }));

    it('no tier: nothing to lapse, though a certification expires', () =>
      watchAfter([earned('e2', 'network', '2026-09-01T00:00:00Z')], { nextCertificationExpiry: '2026-09-01T00:00:00.000Z', tierCanLapse: false }));

    it('once the expiring certification has expired, the next one (or none)', () => {
      const expired: GivenEvent = {
        type: 'CertificationExpired', occurredAt: '2026-09-01T00:00:00Z', data: { partnerId: 'p1', engineerId: 'e2', productLine: 'network', expiredAt: '2026-09-01T00:00:00Z' },
      };
      spec.given([acmeRegistered, earned('e2', 'network', '2026-09-01T00:00:00Z'), earned('e3', 'utm'), silver, expired]).thenIn(PARTNERS, {
        p1: expect.not.objectContaining({ nextCertificationExpiry: expect.anything() }),
      });
      watchAfter([earned('e2', 'network', '2026-09-01T00:00:00Z'), earned('e3', 'utm'), silver, expired], { tierCanLapse: false });
    });
  });

  it('given facts about a partner never registered, then nothing', () => {
    spec.given([{ type: 'CertificationEarned', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'ghost', engineerId: 'e1', productLine: 'utm' } }]).then({});
  });

  it('shows a date there is none of as null', async () => {
    const view = await partnerView({ ...profile, sanctions: { yellowCards: 1, redCards: 0, activeYellowUntil: '2027-02-01T00:00:00.000Z' } } as PartnerProfile, 'EUR', async (v) => v);
    expect(view.sanctions).toEqual({ yellowCards: 1, redCards: 0, activeYellowUntil: '2027-02-01T00:00:00.000Z', suspendedUntil: null });
    const { sanctions: _none, ...old } = profile;
    expect((await partnerView(old as PartnerProfile, 'EUR', async (v) => v)).sanctions).toEqual({ yellowCards: 0, redCards: 0, activeYellowUntil: null, suspendedUntil: null });
  });

  describe('engineers whose ids are sealed', () => {
    const earned = (engineerId: string, expiresAt: string): GivenEvent => ({
      type: 'CertificationEarned', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'p1', engineerId, productLine: 'utm', expiresAt },
    });
    const expired = (engineerId: string, expiredAt: string): GivenEvent => ({
      type: 'CertificationExpired', occurredAt: expiredAt, data: { partnerId: 'p1', engineerId, productLine: 'utm', expiredAt },
    });
    /** The profile's engineers after the events (captured by a matcher that takes what the profile holds). */
    const engineersOn = (events: GivenEvent[]) => {
      let engineers: unknown;
      spec.given([acmeRegistered, ...events]).thenIn(PARTNERS, { p1: expect.objectContaining({ certifiedEngineers: { asymmetricMatch: (value: unknown) => ((engineers = value), true) } }) });
      return engineers as Record<string, { engineerId: string }[]>;
    };

    it('a renewal sealed differently replaces the engineer, and an expiry removes them: compared by whose id it is', () => {
      expect(engineersOn([earned('pii:v1:pk_a:one', '2026-06-01T00:00:00Z'), earned('pii:v1:pk_a:two', '2027-06-01T00:00:00Z')])['utm']).toEqual([
        { engineerId: 'pii:v1:pk_a:two', expiresAt: '2027-06-01T00:00:00Z' },
      ]);
      expect(engineersOn([earned('pii:v1:pk_a:one', '2026-06-01T00:00:00Z'), expired('pii:v1:pk_a:other', '2026-06-01T00:00:00Z')])['utm']).toEqual([]);
    });

    it('a certification recorded in clear before sealing is removed by its expiry, found by line and expiry', () => {
      const engineers = engineersOn([
        earned('e-old', '2026-06-01T00:00:00Z'), earned('e-other', '2026-09-01T00:00:00Z'), expired('pii:v1:pk_old:x', '2026-06-01T00:00:00Z'),
      ]);
      expect(engineers['utm']).toEqual([{ engineerId: 'e-other', expiresAt: '2026-09-01T00:00:00Z' }]);
      expect(engineersOn([earned('e-old', '2026-06-01T00:00:00Z'), expired('[erased:pk_old]', '2026-06-01T00:00:00Z')])['utm']).toEqual([]);
    });
  });
});
