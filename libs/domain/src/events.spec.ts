import { HistorySealed, isHistorySealed, isLedgerEvent, LEDGER_EVENT_TYPES, LedgerEvent, partnerIdOf, PartnerRegistered } from './events';
import { money } from './shared/money';

describe('ledger events', () => {
  const registered: PartnerRegistered = {
    type: 'PartnerRegistered', data: { partnerId: 'p1', name: 'Acme', typology: 'isv', territory: { country: 'FR' } },
  };

  it('recognises the types the ledger records, and only those', () => {
    for (const type of LEDGER_EVENT_TYPES) expect(isLedgerEvent({ type, data: {} })).toBe(true);
    expect(isLedgerEvent({ type: 'PartnerRenamed', data: { partnerId: 'p1' } })).toBe(false);
    expect(isLedgerEvent({ type: '$metadata', data: {} })).toBe(false);
  });

  it('keeps the chain\'s HistorySealed out of the business events: deciders and projections, which take ledger events only, pass over it', () => {
    const sealed: HistorySealed = { type: 'HistorySealed', data: { sealedThroughRevision: 4, sealedEvents: 5, sealedHash: 'ab'.repeat(32) } };
    expect(isHistorySealed(sealed)).toBe(true);
    expect(isLedgerEvent(sealed)).toBe(false);
    expect(LEDGER_EVENT_TYPES).not.toContain(sealed.type);
  });

  it('names the partner every event belongs to, claims and releases included', () => {
    const events: LedgerEvent[] = [
      registered,
      { type: 'OpportunityClaimed', data: { opportunityKey: 'k', leadId: 'l1', partnerId: 'p2' } },
      { type: 'OpportunityReleased', data: { opportunityKey: 'k', leadId: 'l1', partnerId: 'p3', reason: 'LEAD_ID_TAKEN' } },
      { type: 'DealWon', data: { leadId: 'l1', partnerId: 'p4', amount: money(100, 'EUR'), lines: [] } },
    ];
    expect(events.map(partnerIdOf)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('are typed: a fixture with a typology the program does not know does not compile', () => {
    const fixture: PartnerRegistered = {
      type: 'PartnerRegistered',
      // @ts-expect-error 'reseller' is not a Typology; typecheck fails if the events' types ever loosen.
      data: { partnerId: 'p1', name: 'Acme', typology: 'reseller', territory: { country: 'FR' } },
    };
    const given: LedgerEvent[] = [
      // @ts-expect-error the same, in a list of ledger events (as projection and rebuild specs state them).
      { type: 'PartnerRegistered', data: { partnerId: 'p1', name: 'Acme', typology: 'reseller', territory: { country: 'FR' } } },
    ];
    expect([fixture, ...given].map(partnerIdOf)).toEqual(['p1', 'p1']);
  });
});
