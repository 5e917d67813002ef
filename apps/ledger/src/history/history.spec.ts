import { HistoryEntry, historyView } from './history.view';

describe('history entries', () => {
  const entry: HistoryEntry = {
    partnerId: 'p1', actor: 'a', source: 's', correlationId: 'c', causationId: 'c',
    eventId: 'e', type: 'DealWon', schemaVersion: 1, streamId: 'lead-l1', revision: 1, position: 9,
    occurredAt: '2026-04-01T01:30:00.000Z', occurredAtText: '2026-03-31T23:30:00-02:00', recordedAt: '2026-04-01T01:30:00.123Z',
    data: { amount: { minor: 125010, currency: 'EUR' }, lines: [{ revenue: { minor: 5, currency: 'EUR' } }] }, metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'c' },
  };

  it('shows the envelope as recorded: positions as decimal strings, the time as published, money as decimal strings wherever it sits', () => {
    const { partnerId: _p, occurredAtText: _t, actor: _a, source: _s, correlationId: _c, causationId: _k, ...envelope } = entry;
    expect(historyView(entry)).toEqual({
      ...envelope, revision: '1', position: '9', occurredAt: '2026-03-31T23:30:00-02:00',
      data: { amount: { amount: '1250.10', currency: 'EUR' }, lines: [{ revenue: { amount: '0.05', currency: 'EUR' } }] },
    });
    expect(historyView({ ...entry, position: 2n ** 60n }).position).toBe('1152921504606846976');
  });

});
