import { percentOf } from './percent';

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
