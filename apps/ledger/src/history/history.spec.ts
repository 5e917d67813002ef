import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { HISTORY, historyId, partnerHistoryProjection } from './history';
import { historyView } from './history.view';

const spec = projectionSpecFor(partnerHistoryProjection);

describe('history read model', () => {
  const registered: GivenEvent = {
    type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'isv', territory: { country: 'IT' } },
  };
  const claimed: GivenEvent = { type: 'OpportunityClaimed', occurredAt: '2026-01-06T00:00:00Z', data: { opportunityKey: 'k', leadId: 'l1', partnerId: 'p1' } };

  it('given events, then one entry per event of a partner, keyed by its zero-padded position, with the whole envelope', () => {
    spec.given([registered, claimed]).thenIn(HISTORY, {
      [historyId(1n)]: expect.objectContaining({ partnerId: 'p1', type: 'PartnerRegistered', position: '1', revision: '0', data: registered.data }),
      [historyId(2n)]: expect.objectContaining({ partnerId: 'p1', type: 'OpportunityClaimed', position: '2' }),
    });
    expect(historyId(12n)).toBe('00000000000000000012');
  });

  it('shows money as decimal strings, wherever it sits in the data', () => {
    const entry = { partnerId: 'p1', eventId: 'e', type: 'DealWon', schemaVersion: 1, streamId: 'lead-l1', revision: '1', position: '9', occurredAt: 'x', recordedAt: 'x',
      data: { amount: { minor: 125010, currency: 'EUR' }, lines: [{ revenue: { minor: 5, currency: 'EUR' } }] }, metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'c' } };
    expect(historyView(entry)).toEqual({ ...entry, partnerId: undefined, data: { amount: { amount: '1250.10', currency: 'EUR' }, lines: [{ revenue: { amount: '0.05', currency: 'EUR' } }] } });
  });
});
