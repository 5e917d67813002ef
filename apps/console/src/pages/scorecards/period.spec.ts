import { asKind, isPeriod, kindOf, periodLabel, quarterOf, yearOf } from './period';

describe('scorecard periods', () => {
  it('tells a month, a quarter and a year apart, and refuses anything else', () => {
    expect(kindOf('2025-06')).toBe('month');
    expect(kindOf('2025-Q2')).toBe('quarter');
    expect(kindOf('2025')).toBe('year');
    expect(['2025-13', '2025-Q5', '25', '2025-6', ''].filter(isPeriod)).toEqual([]);
    expect(isPeriod(null)).toBe(false);
  });

  it('turns a period into the quarter or year that holds it', () => {
    expect(asKind('2025-05', 'quarter')).toBe('2025-Q2');
    expect(asKind('2025-05', 'year')).toBe('2025');
    expect(asKind('2025-Q4', 'year')).toBe('2025');
    expect(asKind('2025', 'quarter')).toBe('2025-Q4');
  });

  it('turns a quarter or year into its last month, or the latest month with data when that is within it', () => {
    expect(asKind('2025-Q2', 'month')).toBe('2025-06');
    expect(asKind('2025', 'month')).toBe('2025-12');
    expect(asKind('2026', 'month', '2026-11')).toBe('2026-11');
    expect(asKind('2026-Q4', 'month', '2026-11')).toBe('2026-11');
    expect(asKind('2026-Q3', 'month', '2026-11')).toBe('2026-09');
    expect(asKind('2026-06', 'month', '2026-11')).toBe('2026-06');
  });

  it('labels periods for people, and reads their year and quarter', () => {
    expect(periodLabel('2025-06')).toBe('Jun 2025');
    expect(periodLabel('2025-Q2')).toBe('Q2 2025');
    expect(periodLabel('2025')).toBe('2025');
    expect(yearOf('2025-Q3')).toBe(2025);
    expect(quarterOf('2025-08')).toBe(3);
    expect(quarterOf('2025')).toBe(4);
  });
});
