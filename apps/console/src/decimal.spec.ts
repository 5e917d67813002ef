import { sumDecimals } from './decimal';

describe('sumDecimals', () => {
  it('adds money exactly, where floating point would not', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['285484.49', '2141.81', '-5007.58'])).toBe('282618.72');
  });
  it('keeps the longest scale and handles nothing, negatives and whole numbers', () => {
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['1', '2.5'])).toBe('3.5');
    expect(sumDecimals(['-0.05', '0.01'])).toBe('-0.04');
    expect(sumDecimals([null, '7', undefined])).toBe('7');
  });
});
