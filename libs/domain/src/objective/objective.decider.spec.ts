import { ObjectiveSet } from '../events';
import { specFor } from '../testing/given-when-then';
import { objectiveDecider, SetTypologyObjective } from './objective.decider';

const spec = specFor(objectiveDecider('EUR'));
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const set = (period: string, targets: SetTypologyObjective['targets']): SetTypologyObjective => ({ type: 'SetTypologyObjective', typology: 'var', period, targets });
const recorded = (period: string, targets: SetTypologyObjective['targets']): ObjectiveSet => ({ type: 'ObjectiveSet', data: { scope: 'typology', typology: 'var', period, targets } });

describe('a typology\'s objectives', () => {
  it.each(['2026-03', '2026-Q1', '2026'])('sets the typology\'s targets for %s', (period) =>
    spec([]).when(set(period, { revenueWon: eur(50_000_00), dealsWon: 3, leadsRegistered: 10, certifiedEngineers: 2 })).then([
      recorded(period, { revenueWon: eur(50_000_00), dealsWon: 3, leadsRegistered: 10, certifiedEngineers: 2 }),
    ]));

  it('setting a period again records the new targets whole (the earlier ones stay in history)', () =>
    spec([recorded('2026-03', { revenueWon: eur(50_000_00), dealsWon: 3 })]).when(set('2026-03', { dealsWon: 5 })).then([recorded('2026-03', { dealsWon: 5 })]));

  it.each(['2026-13', '2026-Q0', '26', '2026-3', ''])('refuses the period "%s" (not a month, quarter or year)', (period) =>
    spec([]).when(set(period, { dealsWon: 1 })).thenRefused('INVALID_PERIOD'));

  it.each([{ dealsWon: 0 }, { leadsRegistered: -1 }, { certifiedEngineers: 1.5 }, { revenueWon: eur(0) }])('refuses a target that is not a positive whole number: %j', (targets) =>
    spec([]).when(set('2026-03', targets)).thenRefused('TARGET_NOT_POSITIVE'));

  it('refuses money in another currency than the ledger\'s', () => spec([]).when(set('2026-03', { revenueWon: { minor: 1, currency: 'USD' } })).thenRefused('CURRENCY_NOT_ACCEPTED'));
});
