import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { evolveLead, LEADS, leadsProjection } from './lead-register';
import { leadView } from './lead-register.view';

const spec = projectionSpecFor(leadsProjection);
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const key = 'c-42/firewall%20refresh';

const registered = (leadId: string, occurredAt: string, protection: { protectedUntil?: string; rulesVersion?: number } = {}): GivenEvent => ({
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
    ['won', { type: 'DealWon', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', amount: eur(1), lines: [] } }, {}],
    ['lost', { type: 'LeadLost', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', opportunityKey: key, reason: 'no budget' } }, { lostReason: 'no budget' }],
    ['expired', { type: 'LeadExpired', occurredAt: '2026-04-01T00:00:00Z', data: { leadId: 'l1', partnerId: 'p1', opportunityKey: key, protectedUntil: '2026-06-08T09:00:00.000Z' } }, {}],
  ] as [string, GivenEvent, object][])('given the lead %s, then its status and when', (status, event, fields) =>
    spec.given([registered('l1', '2026-03-10T09:00:00Z', { protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 }), event]).thenIn(LEADS, {
      l1: lead({ status, closedAt: '2026-04-01T00:00:00.000Z', ...fields }),
    }));

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
