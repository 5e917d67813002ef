import { PERIOD_PATTERN, periodOf } from './period';

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
