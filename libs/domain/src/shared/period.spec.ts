import { ANY_PERIOD_PATTERN, monthsOf, nextMonth, PERIOD_PATTERN, periodBounds, periodKind, periodOf, periodsOf } from './period';

describe('periodOf', () => {
  it.each([
    ['2026-03-10T09:00:00Z', '2026-03'],
    ['2026-01-31T23:30:00-02:00', '2026-02'], // a late event: already February in UTC
    ['2026-12-31T23:30:00-02:00', '2027-01'], // ... and already next year
    ['2026-03-01T00:30:00+02:00', '2026-02'], // an early one: still February in UTC
    ['2026-02-28T23:59:59.999Z', '2026-02'],
    ['0099-01-01T00:00:00Z', '0099-01'],
  ])('%s falls in %s', (occurredAt, period) => {
    expect(periodOf(occurredAt)).toBe(period);
    expect(period).toMatch(PERIOD_PATTERN);
  });

  it('refuses something that is not a date', () => {
    expect(() => periodOf('not a date')).toThrow(/ISO-8601/);
    expect(() => periodOf('')).toThrow(/ISO-8601/);
  });

  // Known bug (reported, not fixed here): new Date() rolls 30 February over into March.
  it('refuses an impossible calendar date', () => expect(() => periodOf('2026-02-30T10:00:00Z')).toThrow(/ISO-8601/));
  it('refuses a date-time without an offset, whose month would depend on the server', () =>
    expect(() => periodOf('2026-01-31T23:30:00')).toThrow(/ISO-8601/));

  it.each(['2026-00', '2026-13', '26-01', '2026-1'])('the period pattern rejects %s', (p) => expect(p).not.toMatch(PERIOD_PATTERN));
});

describe('quarters and years', () => {
  it('a fact counts in its month, quarter and year (UTC)', () => {
    expect(periodsOf('2026-03-31T23:30:00-02:00')).toEqual(['2026-04', '2026-Q2', '2026']);
    expect(periodsOf('2026-12-31T23:59:59Z')).toEqual(['2026-12', '2026-Q4', '2026']);
  });

  it.each([
    ['2026-02', 'month', ['2026-02'], '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['2026-Q4', 'quarter', ['2026-10', '2026-11', '2026-12'], '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026', 'year', ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'], '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
  ])('%s is a %s of months %j, from %s to %s', (period, kind, months, from, to) => {
    expect(periodKind(period)).toBe(kind);
    expect(monthsOf(period)).toEqual(months);
    expect(periodBounds(period)).toEqual({ from, to });
    expect(period).toMatch(ANY_PERIOD_PATTERN);
  });

  it.each(['2026-Q0', '2026-Q5', '2026-13', '26', '2026-q1'])('%s is not a period', (p) => {
    expect(p).not.toMatch(ANY_PERIOD_PATTERN);
    expect(() => periodKind(p)).toThrow();
  });
});

describe('nextMonth', () => {
  it.each([
    ['2026-01', '2026-02'],
    ['2026-09', '2026-10'],
    ['2026-12', '2027-01'],
    ['0000-12', '0001-01'],
    ['9999-12', '10000-01'],
  ])('after %s comes %s', (month, next) => expect(nextMonth(month)).toBe(next));
});
