import { daysUntil, expiringWithin, protection, standing } from './partner-facts';

const now = new Date('2025-06-01T12:00:00Z');
const clear = { yellowCards: 0, redCards: 0, activeYellowUntil: null, suspendedUntil: null };

describe('expiringWithin', () => {
  const engineers = {
    network: [
      { engineerId: 'e1', engineerName: 'Ada', expiresAt: '2025-08-01T00:00:00Z' },
      { engineerId: 'e2', expiresAt: '2025-05-31T00:00:00Z' }, // already past: lapsed, not expiring
      { engineerId: 'e3' }, // no expiry: never lapses
    ],
    cloud: [
      { engineerId: 'e1', engineerName: 'Ada', expiresAt: '2025-06-10T00:00:00Z' },
      { engineerId: 'e4', expiresAt: '2025-12-01T00:00:00Z' }, // beyond the window
    ],
  };
  it('keeps the certifications expiring in the window, soonest first, with their product line', () => {
    expect(expiringWithin(engineers, now, 90)).toEqual([
      { productLine: 'cloud', engineerId: 'e1', engineerName: 'Ada', expiresAt: '2025-06-10T00:00:00Z' },
      { productLine: 'network', engineerId: 'e1', engineerName: 'Ada', expiresAt: '2025-08-01T00:00:00Z' },
    ]);
  });
  it('widens with the window and finds nothing in an empty one', () => {
    expect(expiringWithin(engineers, now, 365).map((c) => c.engineerId)).toEqual(['e1', 'e1', 'e4']);
    expect(expiringWithin({}, now, 90)).toEqual([]);
  });
});

describe('standing', () => {
  it('is suspended while a red card suspension runs, then served once it ended', () => {
    const red = { yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2025-07-01T00:00:00Z' };
    expect(standing(red, now)).toEqual({ kind: 'suspended', until: '2025-07-01T00:00:00Z' });
    expect(standing(red, new Date('2025-07-02T00:00:00Z'))).toEqual({ kind: 'served', suspendedUntil: '2025-07-01T00:00:00Z' });
  });
  it('is warned while a yellow card window is open, clear without any card', () => {
    expect(standing({ ...clear, yellowCards: 1, activeYellowUntil: '2025-09-01T00:00:00Z' }, now)).toEqual({ kind: 'warned', until: '2025-09-01T00:00:00Z' });
    expect(standing(clear, now)).toEqual({ kind: 'clear' });
  });
});

describe('protection', () => {
  it('counts the days an open lead stays protected, says when it ran out, and is none for a closed lead', () => {
    expect(protection({ status: 'open', protectedUntil: '2025-06-11T12:00:00Z' }, now)).toEqual({ running: true, days: 10 });
    expect(protection({ status: 'open', protectedUntil: '2025-05-30T12:00:00Z' }, now)).toEqual({ running: false, days: -2 });
    expect(protection({ status: 'won', protectedUntil: '2025-06-11T12:00:00Z' }, now)).toBeNull();
    expect(daysUntil('2025-06-02T11:00:00Z', now)).toBe(0);
  });
});
