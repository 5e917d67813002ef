import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { evolveLead, LEADS, leadsProjection } from './lead-register';
import { leadView } from './lead-register.view';

const spec = projectionSpecFor(leadsProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const key = 'c-42/firewall%20refresh';

const registered = (leadId: string, occurredAt: string, protection: { protectedUntil?: string; rulesVersion?: number; coopClaimId?: string } = {}): GivenEvent => ({
  type: 'LeadRegistered', occurredAt,
  data: { leadId, partnerId: 'p1', customer: { id: 'c-42', name: 'Globex' }, project: 'Firewall refresh', opportunityKey: key, estimatedValue: eur(5_000_000), ...protection },
});
const lead = (fields: object) => ({
  leadId: 'l1', partnerId: 'p1', status: 'open', customer: { id: 'c-42', name: 'Globex' }, project: 'Firewall refresh', estimatedValue: 5_000_000,
  registeredAt: '2026-03-10T09:00:00.000Z', protectedUntil: '2026-06-08T09:00:00.000Z', extensions: 0, rulesVersion: 1, ...fields,
});

describe('leads read model', () => {
  it('given a registration, then an open lead with its protection and the version that decided it', () =>
    spec.given([registered('l1', '2026-03-10T09:00:00Z', { protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 })]).then({ [LEADS]: { l1: lead({}) } }));

  it('given a registration recorded before protection was, then protected as version 1 would: occurredAt + 90 days', () =>
    spec.given([registered('l1', '2026-03-10T11:00:00+02:00')]).thenIn(LEADS, {
      l1: lead({ registeredAt: '2026-03-10T09:00:00.000Z', protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 }),
    }));

  it('given an extension, then the new protectedUntil and the count', () =>
    spec.given([
      registered('l1', '2026-03-10T09:00:00Z', { protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 2 }),
      { type: 'LeadProtectionExtended', occurredAt: '2026-05-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', reason: 'r', protectedUntil: '2026-07-08T09:00:00.000Z', extensions: 1, rulesVersion: 2 } },
    ]).thenIn(LEADS, { l1: lead({ protectedUntil: '2026-07-08T09:00:00.000Z', extensions: 1, rulesVersion: 2 }) }));

  it.each([
    ['won', { type: 'DealWon', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', amount: eur(1), lines: [] } }, { wonAmount: 1, reversed: 0, reversals: 0, marginAlerts: 0 }],
    ['lost', { type: 'LeadLost', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', opportunityKey: key, reason: 'no budget' } }, { lostReason: 'no budget' }],
    ['expired', { type: 'LeadExpired', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', opportunityKey: key, protectedUntil: '2026-06-08T09:00:00.000Z' } }, {}],
  ] as [string, GivenEvent, object][])('given the lead %s, then its status and when', (status, event, fields) =>
    spec.given([registered('l1', '2026-03-10T09:00:00Z', { protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 }), event]).thenIn(LEADS, {
      l1: lead({ status, closedAt: '2026-04-01T00:00:00.000Z', ...fields }),
    }));

  it('given a win with a line below the minimum margin and two reversals, then still won, with what was won, reversed and alerted; the co-op claim it names', () => {
    const line = { productLine: 'utm', product: 'box', revenue: eur(1_000_00), margin: eur(50_00) };
    const reversal = (reversalId: string, minor: number, total: number): GivenEvent => ({
      type: 'DealReversed', occurredAt: '2026-05-02T00:00:00Z',
      data: { leadId: 'l1', partnerId: 'p1', reversalId, amount: eur(minor), reason: 'refund', lines: [{ ...line, revenue: eur(minor), margin: eur(minor / 20) }], totalReversed: eur(total), wonAmount: eur(1_000_00) },
    });
    spec.given([
      registered('l1', '2026-03-10T09:00:00Z', { protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1, coopClaimId: 'claim-7' }),
      { type: 'DealWon', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', amount: eur(1_000_00), lines: [line], coopClaimId: 'claim-7' } },
      {
        type: 'MarginBelowMinimum', occurredAt: '2026-04-01T00:00:00Z',
        data: { leadId: 'l1', partnerId: 'p1', productLine: 'utm', product: 'box', revenue: eur(1_000_00), margin: eur(50_00), rate: '5.00', minimumRate: '8.00', rulesVersion: 1 },
      },
      reversal('r1', 300_00, 300_00),
      reversal('r2', 200_00, 500_00),
    ]).thenIn(LEADS, {
      l1: lead({ status: 'won', closedAt: '2026-04-01T00:00:00.000Z', coopClaimId: 'claim-7', wonAmount: 1_000_00, reversed: 500_00, reversals: 2, marginAlerts: 1 }),
    });
  });

  it('shows a won lead\'s net amount: won less reversed', () => {
    const doc = { ...lead({ status: 'won', closedAt: '2026-04-01T00:00:00.000Z', wonAmount: 1_000_00, reversed: 300_00, reversals: 1, marginAlerts: 0 }) } as never;
    expect(leadView(doc, 'EUR')).toMatchObject({
      wonAmount: { amount: '1000.00', currency: 'EUR' }, reversed: { amount: '300.00', currency: 'EUR' }, netAmount: { amount: '700.00', currency: 'EUR' }, reversals: 1, marginAlerts: 0,
    });
  });

  it('given events of a lead never registered, or of no lead, then nothing', () =>
    spec.given([
      { type: 'LeadLost', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l9', partnerId: 'p1', opportunityKey: key, reason: 'r' } },
      { type: 'PartnerRegistered', occurredAt: '2026-01-05T10:00:00Z', data: { partnerId: 'p1', name: 'Acme', typology: 'isv', territory: { country: 'IT' } } },
    ]).then({}));

  it('indexes a partner\'s leads by status, and the open leads by the end of their protection', () =>
    expect(leadsProjection.collections[0]!.indexes.map((i) => i.fields.map((f) => f.field))).toEqual([['partnerId', 'status'], ['status', 'protectedUntil']]));

  it('shows money as a decimal string in the ledger\'s currency', () => {
    const doc = evolveLead(undefined, registered('l1', '2026-03-10T09:00:00Z') as never, '2026-03-10T09:00:00Z')!;
    expect(leadView(doc, 'EUR')).toMatchObject({ leadId: 'l1', partnerId: 'p1', status: 'open', estimatedValue: { amount: '50000.00', currency: 'EUR' } });
  });
});
