import fc from 'fast-check';
import { addMinor, formatAmount, parseAmount } from './money';

describe('money', () => {
  it.each([
    ['1250.10', 125010],
    ['0.1', 10],
    ['7', 700],
    ['0', 0],
    ['0.05', 5],
    ['19.99', 1999],
    ['9999999999999.99', 999_999_999_999_999],
  ])('parses %j exactly as %d minor units', (text, minor) => expect(parseAmount(text)).toBe(minor));

  it.each([
    [125010, '1250.10'],
    [10, '0.10'],
    [700, '7.00'],
    [0, '0.00'],
    [5, '0.05'],
  ])('formats %d minor units as %j', (minor, text) => expect(formatAmount(minor)).toBe(text));

  it.each(['-1', '-0.5', '1.234', '1e3', '', ' 1', '1 ', '12345678901234', '01', '1.', '.5', '1,50', 'NaN', 'Infinity'])(
    'refuses %j',
    (text) => expect(() => parseAmount(text, 'estimatedValue')).toThrow(
      expect.objectContaining({ name: 'DomainError', kind: 'invalid', code: 'INVALID_AMOUNT', details: { field: 'estimatedValue' } }),
    ),
  );

  it('refuses to format a non-integer number of minor units', () => {
    expect(() => formatAmount(1.5)).toThrow(RangeError);
    expect(() => formatAmount(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('adds exactly and refuses to leave the safe integer range', () => {
    expect(addMinor(125010, 10)).toBe(125020);
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });

  it('round-trips: parseAmount(formatAmount(m)) === m for every minor in [0, 10^15)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 15 - 1 }), (minor) => parseAmount(formatAmount(minor)) === minor),
      { numRuns: 2000, examples: [[0], [1], [99], [100], [10 ** 15 - 1]] },
    ));
});
