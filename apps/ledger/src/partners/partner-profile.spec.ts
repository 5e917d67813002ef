import { emptyCounters } from '../read-models/activity-counters';
import { partnerActivityProjection } from '../read-models/partner-activity.projection';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { PARTNERS } from './partner-profile';

const spec = projectionSpecFor(partnerActivityProjection);

const acmeRegistered: GivenEvent = {
  type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z',
  data: { partnerId: 'p1', name: 'Acme', typology: 'integrator', territory: { country: 'FR', region: 'IDF' } },
};

describe('partner profile read model', () => {
  const profile = {
    partnerId: 'p1', name: 'Acme', typology: 'integrator', territory: { country: 'FR', region: 'IDF' }, country: 'FR', tier: 'none',
    registeredAt: '2026-01-05T10:00:00Z', certifiedEngineers: {}, counters: emptyCounters(),
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
          tier: 'silver',
          certifiedEngineers: { utm: [{ engineerId: 'e1', engineerName: 'Ada', expiresAt: '2027-01-06T00:00:00Z' }], network: [] },
          counters: { ...emptyCounters(), certificationsEarned: 2, incentivesAwarded: 1, incentivesValue: 12_550 },
        },
      });
  });

  it('given facts about a partner never registered, then nothing', () => {
    spec.given([{ type: 'CertificationEarned', occurredAt: '2026-01-06T00:00:00Z', data: { partnerId: 'ghost', engineerId: 'e1', productLine: 'utm' } }]).then({});
  });
});
