import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { AUDIT_EVENTS, auditEventId, auditEventsProjection } from './audit-events';

const spec = projectionSpecFor(auditEventsProjection);

describe('audit events read model', () => {
  const registered: GivenEvent = {
    type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'isv', territory: { country: 'IT' } },
  };
  // Late on 31 March where it was published, already April in UTC.
  const claimed: GivenEvent = { type: 'OpportunityClaimed', occurredAt: '2026-03-31T23:30:00-02:00', data: { opportunityKey: 'k', leadId: 'l1', partnerId: 'p1' } };
  const typologyTargets: GivenEvent = { type: 'ObjectiveSet', occurredAt: '2026-02-01T00:00:00Z', data: { scope: 'typology', typology: 'var', period: '2026-Q1', targets: { dealsWon: 3 } } };

  it('given events, then one document per event of any stream, keyed by its zero-padded position, with the envelope and the metadata searched on', () => {
    spec.given([registered, claimed]).thenIn(AUDIT_EVENTS, {
      [auditEventId(1n)]: {
        eventId: 'event-0', type: 'PartnerRegistered', schemaVersion: 1, streamId: 'stream-0', partnerId: 'p1',
        actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c',
        position: 1n, revision: 0n, occurredAt: '2026-01-05T10:00:00.000Z', occurredAtText: '2026-01-05T10:00:00Z', recordedAt: '2026-01-05T10:00:00.000Z',
        data: registered.data, metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
      },
      [auditEventId(2n)]: expect.objectContaining({
        type: 'OpportunityClaimed', position: 2n, partnerId: 'p1', occurredAt: '2026-04-01T01:30:00.000Z', occurredAtText: '2026-03-31T23:30:00-02:00',
      }),
    });
    expect(auditEventId(12n)).toBe('00000000000000000012');
  });

  it('keeps events that belong to no partner, without a partnerId', () => {
    spec.given([typologyTargets]).thenIn(AUDIT_EVENTS, {
      [auditEventId(1n)]: expect.objectContaining({ type: 'ObjectiveSet', streamId: 'stream-0', data: typologyTargets.data }),
    });
    spec.given([typologyTargets]).thenIn(AUDIT_EVENTS, { [auditEventId(1n)]: expect.not.objectContaining({ partnerId: expect.anything() }) });
  });

  it('stores both times as instants and indexes every filter with each time, so a search reads one index', () => {
    const [collection] = auditEventsProjection.collections;
    expect(collection!.dates).toEqual(['occurredAt', 'recordedAt']);
    const indexed = collection!.indexes.map((index) => index.fields.map((f) => f.field).join('+'));
    for (const time of ['recordedAt', 'occurredAt']) {
      expect(indexed).toContain(time);
      for (const filter of ['actor', 'source', 'type', 'streamId', 'partnerId']) expect(indexed).toContain(`${filter}+${time}`);
    }
  });
});
