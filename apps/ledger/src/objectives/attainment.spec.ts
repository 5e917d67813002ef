import { attainmentOf, effectiveTargets, targetsView } from './attainment';

describe('attainment', () => {
  it('a partner\'s own target overrides its typology\'s metric by metric; a metric neither sets has no target', () => {
    expect(effectiveTargets({ revenueWon: 50_000_00 }, { revenueWon: 100_000_00, dealsWon: 4 })).toEqual({
      revenueWon: 50_000_00, dealsWon: 4, leadsRegistered: null, certifiedEngineers: null,
    });
    expect(effectiveTargets(undefined, undefined)).toEqual({ revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null });
    expect(effectiveTargets({ dealsWon: 2 }, undefined)).toEqual({ revenueWon: null, dealsWon: 2, leadsRegistered: null, certifiedEngineers: null });
  });

  it('attainment is actual ÷ target per metric, null without a target', () => {
    const targets = effectiveTargets({ revenueWon: 8_000_00 }, { dealsWon: 4, certifiedEngineers: 3 });
    expect(attainmentOf({ revenueWon: 7_000_00, dealsWon: 5, leadsRegistered: 12, certifiedEngineers: 1 }, targets)).toEqual({
      revenueWon: '87.5', dealsWon: '125.0', leadsRegistered: null, certifiedEngineers: '33.3',
    });
  });

  it('measures a revenue below zero (a period with more reversed than won) below zero, rounded half away from zero', () => {
    const targets = effectiveTargets({ revenueWon: 1_000_00 }, undefined);
    const actuals = (revenueWon: number) => attainmentOf({ revenueWon, dealsWon: 0, leadsRegistered: 0, certifiedEngineers: 0 }, targets).revenueWon;
    expect(actuals(-300_00)).toBe('-30.0');
    expect(actuals(-10_50)).toBe('-1.1');
    expect(actuals(-4)).toBe('0.0'); // no "-0.0"
    expect(actuals(0)).toBe('0.0');
  });

  it('shows targets with money as a decimal string', () => {
    expect(targetsView(effectiveTargets({ revenueWon: 1_250_10, leadsRegistered: 3 }, undefined))).toEqual({
      revenueWon: '1250.10', dealsWon: null, leadsRegistered: 3, certifiedEngineers: null,
    });
  });
});
