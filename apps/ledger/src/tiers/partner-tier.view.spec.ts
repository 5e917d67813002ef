import { defaultProgramRules, ProgramRules } from '@ledger/domain';
import { emptyCounters } from '../read-models/activity-counters';
import { CertifiedEngineer, PartnerProfile } from '../partners';
import { partnerTierView } from './partner-tier.view';

const v1 = defaultProgramRules('EUR');
// Version 2, from 2027: two engineers on the flagship for Silver and Gold.
const v2: ProgramRules = {
  ...v1, version: 2, effectiveFrom: '2027-01-01T00:00:00Z',
  tiers: { ...v1.tiers, silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 1 } },
};
const now = '2026-11-01T00:00:00Z';

const profile = (certifiedEngineers: Record<string, CertifiedEngineer[]>, tier: PartnerProfile['tier'] = 'gold'): PartnerProfile => ({
  partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'FR' }, country: 'FR', tier,
  tierSince: '2026-06-01T00:00:00Z', tierRulesVersion: 1, registeredAt: '2026-01-01T00:00:00Z', certifiedEngineers, counters: emptyCounters(),
  lastActivityAt: '2026-01-01T00:00:00.000Z', lastActivityType: 'PartnerRegistered', tierCanLapse: false,
});
const clear = async (value: string) => value;

describe('a partner\'s tier as an end customer asks it', () => {
  it('lists a certification expiring exactly 60 days ahead, not one a second later', async () => {
    const view = await partnerTierView(
      profile({ utm: [{ engineerId: 'a', expiresAt: '2026-12-31T00:00:00Z' }], network: [{ engineerId: 'b', expiresAt: '2026-12-31T00:00:01Z' }] }),
      [v1], now, clear,
    );
    expect(view.expiringSoon).toEqual([{ engineerId: 'a', productLine: 'utm', expiresAt: '2026-12-31T00:00:00Z', tierWithout: 'none' }]);
    expect(view.tierIn60Days).toBe('none');
  });

  it('a certification expiring at the very moment asked is lapsed, not held', async () => {
    const view = await partnerTierView(profile({ utm: [{ engineerId: 'a', expiresAt: now }], network: [{ engineerId: 'b' }] }), [v1], now, clear);
    expect(view).toMatchObject({ tier: 'gold', tierInForce: 'none', engineers: [{ engineerId: 'b', certifications: [{ productLine: 'network' }] }] });
    expect(view.lapsedNotYetExpired).toEqual([{ engineerId: 'a', productLine: 'utm', expiresAt: now }]);
  });

  it('judges by the version in force now: a stricter one shows in tierInForce and in what would lower it', async () => {
    const held = profile({ utm: [{ engineerId: 'a' }, { engineerId: 'b', expiresAt: '2027-01-20T00:00:00Z' }], cloud: [{ engineerId: 'c' }] });
    const before = await partnerTierView(held, [v1, v2], now, clear);
    expect(before).toMatchObject({ rulesVersion: 1, rulesVersionInForce: 1, tierInForce: 'gold', expiringSoon: [], tierIn60Days: 'gold' });
    const after = await partnerTierView(held, [v1, v2], '2027-01-01T00:00:00Z', clear);
    expect(after).toMatchObject({ tier: 'gold', rulesVersion: 1, rulesVersionInForce: 2, tierInForce: 'gold', tierIn60Days: 'none' });
    expect(after.expiringSoon).toEqual([{ engineerId: 'b', productLine: 'utm', expiresAt: '2027-01-20T00:00:00Z', tierWithout: 'none' }]);
  });

  it('groups an engineer\'s certifications by who they are, ids sealed differently on each', async () => {
    const view = await partnerTierView(
      profile({ utm: [{ engineerId: 'pii:v1:pk_a:one', engineerName: 'pii:v1:pk_a:name1' }], cloud: [{ engineerId: 'pii:v1:pk_a:two' }] }),
      [v1], now, async (value) => (value.includes('name') ? 'Ada' : 'ada'),
    );
    expect(view.engineers).toEqual([{ engineerId: 'ada', engineerName: 'Ada', certifications: [{ productLine: 'utm' }, { productLine: 'cloud' }] }]);
  });

  it('since registration: the version in force when it registered', async () => {
    const { tierRulesVersion: _none, ...fresh } = profile({}, 'none');
    const view = await partnerTierView({ ...fresh, tierSince: fresh.registeredAt }, [v1, v2], '2027-02-01T00:00:00Z', clear);
    expect(view).toMatchObject({ tier: 'none', since: '2026-01-01T00:00:00Z', rulesVersion: 1, rulesVersionInForce: 2 });
  });
});
