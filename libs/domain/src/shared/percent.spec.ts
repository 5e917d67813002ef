import { comparePercents, isBelowPercent, percentOf, percentOfAmount, ratePercent } from './percent';

describe('percentOf', () => {
  it.each([
    [7, 8, '87.5'],
    [1, 3, '33.3'],
    [2, 3, '66.7'], // 66.666… rounds half up
    [1, 8, '12.5'],
    [1, 16, '6.3'], // 6.25: half up
    [0, 5, '0.0'],
    [5, 5, '100.0'],
    [3, 2, '150.0'],
    [9_007_199_254_740_991, 3, '300239975158033033.3'], // beyond 2^53 once multiplied: exact
  ])('%d of %d is %s%%', (actual, target, percent) => expect(percentOf(actual, target)).toBe(percent));
});

describe('rates and shares', () => {
  it.each([
    [1_083, 10_000, '10.83'],
    [1, 3, '33.33'],
    [2, 3, '66.67'],
    [1, 800, '0.13'], // 0.125: half up
    [0, 5, '0.00'],
    [5, 0, '0.00'],
    [-300, 1_000, '-30.00'],
  ])('%d of %d is %s%%', (part, whole, rate) => expect(ratePercent(part, whole)).toBe(rate));

  it('takes a percent of an amount rounded down to the cent', () => {
    expect(percentOfAmount(1_234_567, '1')).toBe(12_345);
    expect(percentOfAmount(999, '2.5')).toBe(24);
    expect(percentOfAmount(9_007_199_254_740_991, '100')).toBe(9_007_199_254_740_991);
  });

  it('compares a rate with a minimum exactly', () => {
    expect(isBelowPercent(125, 1_000, '12.5')).toBe(false);
    expect(isBelowPercent(124, 1_000, '12.5')).toBe(true);
    expect(isBelowPercent(1, 3, '33.333334')).toBe(true);
    expect(comparePercents('12.50', '12.5')).toBe(0);
    expect(comparePercents('9', '10')).toBe(-1);
  });
});
