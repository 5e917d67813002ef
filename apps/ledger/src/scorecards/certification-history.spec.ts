import { partnerActivityProjection } from '../read-models/partner-activity.projection';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { CERTIFICATION_HISTORY, CertificationHistory, certifiedEngineersAt, evolveCertificationHistory } from './certification-history';

const spec = projectionSpecFor(partnerActivityProjection);
const registered: GivenEvent = {
  type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'DE' } },
};
const earned = (engineerId: string, productLine: string, occurredAt: string, expiresAt?: string): GivenEvent => ({
  type: 'CertificationEarned', occurredAt, data: { partnerId: 'p1', engineerId, productLine, ...(expiresAt ? { expiresAt } : {}) },
});
const expired = (engineerId: string, productLine: string, expiredAt: string): GivenEvent => ({
  type: 'CertificationExpired', occurredAt: expiredAt, data: { partnerId: 'p1', engineerId, productLine, expiredAt },
});
const history = (events: GivenEvent[]) => events.reduce<CertificationHistory | undefined>((h, e) => evolveCertificationHistory(h, e, e.occurredAt) ?? h, undefined);

describe('certification history read model', () => {
  it('given certifications earned, replaced and expired, then each with when it stopped being held', () => {
    spec
      .given([
        registered,
        earned('e1', 'utm', '2026-01-10T00:00:00Z', '2026-07-10T00:00:00Z'),
        earned('e1', 'utm', '2026-05-01T00:00:00+02:00', '2027-04-30T00:00:00Z'), // again: replaces the first
        earned('e2', 'edr', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'),
        expired('e2', 'edr', '2026-03-01T00:00:00Z'),
      ])
      .thenIn(CERTIFICATION_HISTORY, {
        p1: {
          partnerId: 'p1',
          certifications: [
            { engineerId: 'e1', productLine: 'utm', earnedAt: '2026-01-10T00:00:00.000Z', expiresAt: '2026-07-10T00:00:00.000Z', endedAt: '2026-04-30T22:00:00.000Z' },
            { engineerId: 'e1', productLine: 'utm', earnedAt: '2026-04-30T22:00:00.000Z', expiresAt: '2027-04-30T00:00:00.000Z' },
            { engineerId: 'e2', productLine: 'edr', earnedAt: '2026-02-01T00:00:00.000Z', expiresAt: '2026-03-01T00:00:00.000Z', endedAt: '2026-03-01T00:00:00.000Z' },
          ],
        },
      });
  });

  describe('engineers certified at the end of a period', () => {
    const now = '2030-01-01T00:00:00Z';
    const held = history([
      earned('e1', 'utm', '2026-01-10T00:00:00Z', '2026-07-10T00:00:00Z'),
      earned('e1', 'edr', '2026-01-12T00:00:00Z'), // the same engineer on another line: counted once
      earned('e2', 'utm', '2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z'), // held until the end of March, not after
      earned('e3', 'utm', '2026-03-15T00:00:00Z'),
      expired('e3', 'utm', '2026-05-20T00:00:00Z'),
    ]);

    it.each([
      ['2025-12', 0],
      ['2026-01', 1],
      ['2026-02', 2],
      ['2026-03', 3], // e2 expires at the first instant of April: held at the end of March
      ['2026-Q1', 3],
      ['2026-04', 2],
      ['2026-05', 1],
      ['2026', 1],
    ])('%s: %i', (period, count) => expect(certifiedEngineersAt(held, period as string, now)).toBe(count));

    it('counts at now for a period still running', () => {
      expect(certifiedEngineersAt(held, '2026', '2026-03-20T00:00:00Z')).toBe(3);
      expect(certifiedEngineersAt(held, '2026-Q1', '2026-01-11T00:00:00Z')).toBe(1);
    });

    it('counts an engineer whose id was sealed differently each time once', () => {
      const sealed = history([earned('pii:v1:pk_a:one', 'utm', '2026-01-10T00:00:00Z'), earned('pii:v1:pk_a:two', 'edr', '2026-01-11T00:00:00Z')]);
      expect(certifiedEngineersAt(sealed, '2026-01', now)).toBe(1);
    });

    it('counts none without a history', () => expect(certifiedEngineersAt(undefined, '2026-01', now)).toBe(0));
  });
});
