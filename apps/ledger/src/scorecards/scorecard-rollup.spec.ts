import { effectiveTargets } from '../objectives';
import { emptyCounters } from '../read-models/activity-counters';
import { Scorecard } from './scorecard';
import { MeasuredScorecard } from './scorecard-measures';
import { rollUp, rollupGroupView } from './scorecard-rollup';

const measured = (partnerId: string, fields: Partial<Scorecard>, certifiedEngineers: number, own?: object, typology?: object): MeasuredScorecard => {
  const scorecard: Scorecard = { scorecardId: `${partnerId}:2026-Q1`, partnerId, period: '2026-Q1', typology: 'var', country: 'FR', tier: 'none', ...emptyCounters(), ...fields };
  const actuals = { revenueWon: scorecard.revenueWon, dealsWon: scorecard.dealsWon, leadsRegistered: scorecard.leadsRegistered, certifiedEngineers };
  const targets = effectiveTargets(own, typology);
  return { scorecard, actuals, targets, attainment: { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null } };
};

describe('roll-up of a period', () => {
  const cards = [
    // var, FR: a target on revenue (own) and deals (typology's); reaches the revenue one
    measured('a', { revenueWon: 1_200_00, dealsWon: 2, leadsRegistered: 3, region: 'Bretagne', tier: 'gold', satisfactionRatings: 1, satisfactionTenths: 45 }, 1, { revenueWon: 1_000_00 }, { dealsWon: 4 }),
    // var, FR: the typology's deal target only, reached
    measured('b', { revenueWon: 300_05, dealsWon: 4, satisfactionRatings: 1, satisfactionTenths: 30 }, 2, undefined, { dealsWon: 4 }),
    // var, DE, no target
    measured('c', { revenueWon: 9_007_199_254_740_00, country: 'DE', region: 'Bayern' }, 0),
    // integrator: no target
    measured('d', { typology: 'integrator', leadsRegistered: 1, tier: 'gold' }, 0),
  ];

  it('sums every counter exactly per group, sorted by the key', () => {
    const groups = rollUp(cards, 'typology');
    expect(groups.map((g) => [g.key, g.partners])).toEqual([['integrator', 1], ['var', 3]]);
    const view = rollupGroupView(groups[1]!, 'typology', 'EUR');
    expect(view).toEqual(expect.objectContaining({
      typology: 'var', partners: 3, revenueWon: '9007199256240.05', dealsWon: 6, leadsRegistered: 3, certifiedEngineers: 3, averageSatisfaction: '3.8', currency: 'EUR',
    }));
  });

  it('sums the targets of the partners that have one, and measures the sums: attainment of the sums, share at or above 100%', () => {
    const view = rollupGroupView(rollUp(cards, 'typology')[1]!, 'typology', 'EUR');
    expect(view['targets']).toEqual({ revenueWon: '1000.00', dealsWon: 8, leadsRegistered: null, certifiedEngineers: null });
    // revenue: only a's (1200.00 of 1000.00); deals: a's 2 and b's 4 of 8
    expect(view['attainment']).toEqual({ revenueWon: '120.0', dealsWon: '75.0', leadsRegistered: null, certifiedEngineers: null });
    expect(view['atOrAbove100']).toEqual({ revenueWon: '100.0', dealsWon: '50.0', leadsRegistered: null, certifiedEngineers: null });
  });

  it('groups by region with the partners without one last (key null), and by tier', () => {
    expect(rollUp(cards, 'region').map((g) => [g.key, g.partners])).toEqual([['Bayern', 1], ['Bretagne', 1], [null, 2]]);
    expect(rollupGroupView(rollUp(cards, 'region')[2]!, 'region', 'EUR')).toEqual(expect.objectContaining({ region: null, partners: 2 }));
    expect(rollUp(cards, 'tier').map((g) => [g.key, g.partners])).toEqual([['gold', 2], ['none', 2]]);
  });

  it('a group without any target shows null targets, attainment and share', () => {
    const view = rollupGroupView(rollUp(cards, 'typology')[0]!, 'typology', 'EUR');
    const none = { revenueWon: null, dealsWon: null, leadsRegistered: null, certifiedEngineers: null };
    expect([view['targets'], view['attainment'], view['atOrAbove100']]).toEqual([none, none, none]);
  });
});
