import { flatten, ruleChanges } from './rule-changes';

describe('the changes between two versions of the rules', () => {
  const v1 = { version: 1, effectiveFrom: '0001-01-01T00:00:00Z', productLines: ['utm', 'network'], tiers: { silver: { flagshipEngineers: 1 } }, coop: {}, leadProtectionDays: 90 };
  const v2 = {
    version: 2, effectiveFrom: '2024-02-18T00:00:00Z', productLines: ['utm', 'network', 'cloud'], tiers: { silver: { flagshipEngineers: 2 } },
    coop: { ratesByTier: { gold: '2' }, launchGrant: '2000.00' }, leadProtectionDays: 90,
  };

  it('lists each rule that changed, was added or was dropped, with its value before and after', () => {
    expect(ruleChanges(v1, v2)).toEqual([
      { rule: 'productLines', before: 'utm, network', after: 'utm, network, cloud' },
      { rule: 'tiers.silver.flagshipEngineers', before: '1', after: '2' },
      { rule: 'coop.ratesByTier.gold', before: undefined, after: '2' },
      { rule: 'coop.launchGrant', before: undefined, after: '2000.00' },
    ]);
    expect(ruleChanges(v2, v1).map((c) => [c.rule, c.after])).toContainEqual(['coop.launchGrant', undefined]);
  });

  it('finds nothing between a version and itself, its number and date aside', () => {
    expect(ruleChanges(v2, { ...v2, version: 3, effectiveFrom: '2025-01-01T00:00:00Z' })).toEqual([]);
    expect(flatten(v1).get('tiers.silver.flagshipEngineers')).toBe('1');
  });
});
