import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { HISTORY, HistoryEntry, historyId, partnerHistoryProjection } from './history';
import { historyView } from './history.view';

const spec = projectionSpecFor(partnerHistoryProjection);

describe('history read model', () => {
  const registered: GivenEvent = {
    type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'isv', territory: { country: 'IT' } },
  };
  // Late on 31 March where it was published, already April in UTC.
  const claimed: GivenEvent = { type: 'OpportunityClaimed', occurredAt: '2026-03-31T23:30:00-02:00', data: { opportunityKey: 'k', leadId: 'l1', partnerId: 'p1' } };

  it('given events, then one entry per event of a partner, keyed by its zero-padded position, with the whole envelope', () => {
    spec.given([registered, claimed]).thenIn(HISTORY, {
      [historyId(1n)]: expect.objectContaining({ partnerId: 'p1', type: 'PartnerRegistered', position: 1n, revision: 0n, data: registered.data }),
      [historyId(2n)]: expect.objectContaining({ partnerId: 'p1', type: 'OpportunityClaimed', position: 2n }),
    });
    expect(historyId(12n)).toBe('00000000000000000012');
  });

  it('stores times as UTC instants, so ranges compare instants, and keeps the time as published', () => {
    spec.given([registered, claimed]).thenIn(HISTORY, expect.objectContaining({
      [historyId(2n)]: expect.objectContaining({ occurredAt: '2026-04-01T01:30:00.000Z', occurredAtText: '2026-03-31T23:30:00-02:00', recordedAt: '2026-04-01T01:30:00.000Z' }),
    }));
    expect(partnerHistoryProjection.collections[0]!.dates).toEqual(['occurredAt', 'recordedAt']);
  });

  const entry: HistoryEntry = {
    partnerId: 'p1', eventId: 'e', type: 'DealWon', schemaVersion: 1, streamId: 'lead-l1', revision: 1, position: 9,
    occurredAt: '2026-04-01T01:30:00.000Z', occurredAtText: '2026-03-31T23:30:00-02:00', recordedAt: '2026-04-01T01:30:00.123Z',
    data: { amount: { minor: 125010, currency: 'EUR' }, lines: [{ revenue: { minor: 5, currency: 'EUR' } }] }, metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'c' },
  };

  it('shows the envelope as recorded: positions as decimal strings, the time as published, money as decimal strings wherever it sits', () => {
    const { partnerId: _p, occurredAtText: _t, ...envelope } = entry;
    expect(historyView(entry)).toEqual({
      ...envelope, revision: '1', position: '9', occurredAt: '2026-03-31T23:30:00-02:00',
      data: { amount: { amount: '1250.10', currency: 'EUR' }, lines: [{ revenue: { amount: '0.05', currency: 'EUR' } }] },
    });
    expect(historyView({ ...entry, position: 2n ** 60n }).position).toBe('1152921504606846976');
  });

  it('shows an entry stored by the first release (positions as text, no occurredAtText) the same way', () => {
    const first = { ...entry, revision: '1', position: '9', occurredAt: '2026-03-31T23:30:00-02:00', occurredAtText: undefined } as unknown as HistoryEntry;
    expect(historyView(first)).toEqual(expect.objectContaining({ revision: '1', position: '9', occurredAt: '2026-03-31T23:30:00-02:00' }));
    expect(historyView(first)).not.toHaveProperty('occurredAtText');
  });
});
