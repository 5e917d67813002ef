import { endMonthOf, firstMonthOf, inRange, monthRange, monthsBefore, monthsBetween } from './margin-range';

describe('margin ranges: the months that overlap [from, to)', () => {
  it.each([
    ['2026-03', '2026-03'],
    ['2026-03-31T23:30:00-02:00', '2026-04'], // April in UTC
    ['2026-03-01T00:00:00Z', '2026-03'],
  ])('from %s starts with %s', (from, month) => expect(firstMonthOf(from)).toBe(month));

  it.each([
    ['2026-03', '2026-03'], // a month: that month is not counted
    ['2026-03-01T00:00:00Z', '2026-03'], // a month's first instant: nor is it
    ['2026-03-01T00:00:00.001Z', '2026-04'], // an instant inside: its month is
    ['2026-12-15T00:00:00Z', '2027-01'],
    ['2026-03-01T00:30:00+01:00', '2026-03'], // 28 February, 23:30 UTC
  ])('to %s ends before %s', (to, end) => expect(endMonthOf(to)).toBe(end));

  it('counts a month in range when it overlaps, none when to is not after from', () => {
    const range = monthRange('2026-01-15T00:00:00Z', '2026-03');
    expect(['2025-12', '2026-01', '2026-02', '2026-03'].filter((m) => inRange(range, m))).toEqual(['2026-01', '2026-02']);
    expect(monthsBetween('2026-05', '2026-03')).toEqual([]);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsBetween('9999-11', endMonthOf('9999-12-31T23:59:59Z'))).toEqual(['9999-11', '9999-12']);
    expect(inRange(monthRange('9999-12', '9999-12-31T23:59:59Z'), '9999-12')).toBe(true); // the end is 10000-01
  });

  it('takes the last months before an end, oldest first', () => {
    expect(monthsBefore('2026-02', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsBefore('0000-03', 5)).toEqual(['0000-01', '0000-02']); // none before year 0
    expect(monthsBefore(endMonthOf('9999-12-15T00:00:00Z'), 2)).toEqual(['9999-11', '9999-12']);
  });
});
