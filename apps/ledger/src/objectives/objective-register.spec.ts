import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { OBJECTIVES, objectivesProjection } from './objective-register';

const spec = projectionSpecFor(objectivesProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const forVar = (period: string, targets: object, occurredAt = '2026-01-02T09:00:00Z'): GivenEvent =>
  ({ type: 'ObjectiveSet', occurredAt, data: { scope: 'typology', typology: 'var', period, targets } }) as GivenEvent;
const forP1 = (period: string, targets: object, occurredAt = '2026-01-02T09:00:00+01:00'): GivenEvent =>
  ({ type: 'ObjectiveSet', occurredAt, data: { scope: 'partner', partnerId: 'p1', period, targets } }) as GivenEvent;

describe('objectives read model', () => {
  it('given targets for a typology and a partner, then one document per scope and period, money in minor units', () => {
    spec.given([forVar('2026-Q1', { revenueWon: eur(100_000_00), dealsWon: 4 }), forP1('2026-03', { leadsRegistered: 10, certifiedEngineers: 2 })]).then({
      [OBJECTIVES]: {
        'typology:var:2026-Q1': { objectiveId: 'typology:var:2026-Q1', scope: 'typology', typology: 'var', period: '2026-Q1', revenueWon: 100_000_00, dealsWon: 4, setAt: '2026-01-02T09:00:00.000Z' },
        'partner:p1:2026-03': { objectiveId: 'partner:p1:2026-03', scope: 'partner', partnerId: 'p1', period: '2026-03', leadsRegistered: 10, certifiedEngineers: 2, setAt: '2026-01-02T08:00:00.000Z' },
      },
    });
  });

  it('given a period set again, then the later targets replace the earlier ones whole', () => {
    spec.given([forVar('2026', { revenueWon: eur(100_000_00), dealsWon: 4 }), forVar('2026', { dealsWon: 6 }, '2026-02-01T00:00:00Z')]).thenIn(OBJECTIVES, {
      'typology:var:2026': { objectiveId: 'typology:var:2026', scope: 'typology', typology: 'var', period: '2026', dealsWon: 6, setAt: '2026-02-01T00:00:00.000Z' },
    });
  });

  it('given anything else, then no document', () => {
    spec.given([{ type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'var', territory: { country: 'DE' } } }]).then({});
  });
});
