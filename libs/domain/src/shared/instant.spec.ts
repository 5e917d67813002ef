import { addMonths } from './instant';

describe('addMonths', () => {
  it.each([
    ['2026-01-15T10:00:00Z', 6, '2026-07-15T10:00:00.000Z'],
    ['2026-01-31T10:00:00Z', 1, '2026-02-28T10:00:00.000Z'], // the month's last day
    ['2028-01-31T00:00:00Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-11-30T23:00:00-02:00', 2, '2027-02-01T01:00:00.000Z'], // in UTC: 1 December + 2 months
    ['2026-05-10T00:00:00Z', 0, '2026-05-10T00:00:00.000Z'],
    ['2026-08-31T12:00:00Z', 18, '2028-02-29T12:00:00.000Z'],
  ])('%s + %d months is %s', (at, months, expected) => expect(addMonths(at, months)).toBe(expected));
});
