import { RecordedEvent } from '@ledger/event-store';
import { basisOf, isAsOf, keptBy } from './time-filter';

const event = (position: bigint, occurredAt: string, recordedAt: string): RecordedEvent => ({
  type: 'LeadRegistered', data: {}, eventId: `e${position}`, schemaVersion: 1, streamId: 's', revision: 0n, position, occurredAt, recordedAt,
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
});

describe('the facts an answer as it was keeps', () => {
  const onTime = event(1n, '2026-03-01T10:00:00Z', '2026-03-01T10:00:01Z');
  const late = event(2n, '2026-03-15T10:00:00Z', '2026-05-10T09:00:00Z'); // happened in March, reported in May

  it('asOf keeps what had occurred by then, knownAt what had been recorded by then, both what satisfies both', () => {
    const kept = (filter: Parameters<typeof keptBy>[0]) => [onTime, late].filter(keptBy(filter)).map((e) => e.eventId);
    expect(kept({ asOf: '2026-03-31T23:59:59Z' })).toEqual(['e1', 'e2']);
    expect(kept({ asOf: '2026-03-10T00:00:00Z' })).toEqual(['e1']);
    expect(kept({ knownAt: '2026-04-01T00:00:00Z' })).toEqual(['e1']);
    expect(kept({ knownAt: '2026-06-01T00:00:00Z' })).toEqual(['e1', 'e2']);
    expect(kept({ asOf: '2026-03-31T00:00:00Z', knownAt: '2026-04-01T00:00:00Z' })).toEqual(['e1']);
  });

  it('compares instants, whatever their offsets, and keeps a fact at the very instant asked', () => {
    expect(keptBy({ asOf: '2026-03-01T12:00:00+02:00' })(onTime)).toBe(true);
    expect(keptBy({ asOf: '2026-03-01T11:59:59+02:00' })(onTime)).toBe(false);
  });

  it('is a filter only with asOf or knownAt; its basis names the positions used', () => {
    expect(isAsOf({})).toBe(false);
    expect(isAsOf({ knownAt: '2026-04-01T00:00:00Z' })).toBe(true);
    expect(basisOf({ knownAt: '2026-04-01T00:00:00Z' }, [onTime])).toEqual({ asOf: null, knownAt: '2026-04-01T00:00:00Z', events: 1, lastPosition: '1', positions: ['1'] });
    expect(basisOf({ asOf: '2026-01-01T00:00:00Z' }, [])).toMatchObject({ events: 0, lastPosition: null, positions: [] });
  });
});
