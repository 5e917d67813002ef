import fc from 'fast-check';
import { isInstant } from '@ledger/domain';
import { decimalAtMost, INSTANT_PATTERN, instant, label, MAX_POSITION, NOT_BLANK_PATTERN, positionInput } from './fields';

describe('field rules as the OpenAPI document states them', () => {
  describe('decimalAtMost: the pattern of decimal strings up to a bound', () => {
    it.each([0n, 1n, 9n, 10n, 99n, 100n, 101n, 1000n, 12345n, 2n ** 64n - 1n])('matches exactly the strings of value at most %s', (max) => {
      const pattern = new RegExp(decimalAtMost(max));
      const width = max.toString().length;
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: max * 3n + 20n }), fc.nat({ max: width }), (value, zeros) => {
          const text = value.toString().padStart(value.toString().length + zeros, '0');
          const expected = text.length <= width && value <= max;
          expect({ text, matches: pattern.test(text) }).toEqual({ text, matches: expected });
        }),
        { numRuns: 500 },
      );
    });
  });

  it('takes positions from 0 to 2^64 − 1, and refuses one more, signs, spaces and other digits', () => {
    for (const ok of ['0', '1', '00000000000000000001', (2n ** 63n).toString(), MAX_POSITION.toString()]) expect(positionInput.safeParse(ok).success).toBe(true);
    for (const bad of [(MAX_POSITION + 1n).toString(), '99999999999999999999', '-1', '+1', ' 1', '1.0', '٣', '', '000000000000000000001']) {
      expect({ bad, ok: positionInput.safeParse(bad).success }).toEqual({ bad, ok: false });
    }
  });

  it('states the shape of a date-time the ledger takes: the pattern admits every instant isInstant admits', () => {
    const pattern = new RegExp(INSTANT_PATTERN);
    const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const instants = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), twoDigits(13), twoDigits(32), twoDigits(24), twoDigits(60),
        fc.option(fc.tuple(twoDigits(60), fc.option(fc.stringMatching(/^[0-9]{1,10}$/)))),
        fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), twoDigits(16), twoDigits(60)).map(([sign, h, m]) => `${sign}${h}:${m}`), fc.constant('')),
      )
      .map(([y, mo, d, h, mi, sec, offset]) => `${y}-${mo}-${d}T${h}:${mi}${sec ? `:${sec[0]}${sec[1] ? `.${sec[1]}` : ''}` : ''}${offset}`);
    fc.assert(fc.property(instants, (text) => {
      if (isInstant(text)) expect(text).toMatch(pattern);
      if (!pattern.test(text)) expect(instant.safeParse(text).success).toBe(false);
    }), { numRuns: 2000 });
    expect('2026-03-14T09:30:00+14:59').toMatch(pattern);
    expect('2026-03-14T09:30:00+15:00').not.toMatch(pattern);
    expect('2026-03-14T09:30:00').not.toMatch(pattern);
  });

  it('says which text is blank as trim() does: the pattern finds a character in exactly the strings trim() leaves non-empty', () => {
    const notBlank = new RegExp(NOT_BLANK_PATTERN);
    for (let code = 0; code < 0x10000; code++) {
      const text = ` ${String.fromCharCode(code)}\t`;
      if (notBlank.test(text) !== (text.trim() !== '')) throw new Error(`U+${code.toString(16)}: pattern and trim() disagree`);
    }
    expect(label().safeParse(' \u3000\ufeff').success).toBe(false);
    expect(label().safeParse(' x ').success).toBe(true);
  });
});
