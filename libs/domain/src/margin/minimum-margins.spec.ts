import { DealLine, LeadEvent } from '../events';
import { leadDecider } from '../lead/lead.decider';
import { defaultProgramRules, ProgramRules, rulesInForce } from '../program/program-rules';
import { money } from '../shared/money';
import { specFor } from '../testing/given-when-then';
import { minimumMarginFor } from './minimum-margins';

const eur = (minor: number) => money(minor, 'EUR');
const v1: ProgramRules = { ...defaultProgramRules('EUR'), minimumMargins: { utm: '12.5', network: { minimum: '10', products: { 'NET-9000': '15' } }, 'cloud/CLD-1': '20' } };
const v2: ProgramRules = { ...v1, version: 2, effectiveFrom: '2026-07-01T00:00:00Z', minimumMargins: { utm: '15' } };

const registered: LeadEvent = {
  type: 'LeadRegistered',
  data: { leadId: 'lead-1', partnerId: 'p-1', customer: { id: 'c-1', name: 'Globex' }, project: 'UTM', opportunityKey: 'c-1/utm', estimatedValue: eur(100_000), protectedUntil: '2027-01-01T00:00:00.000Z', rulesVersion: 1 },
};
const line = (productLine: string, product: string, revenue: number, margin: number): DealLine => ({ productLine, product, revenue: eur(revenue), margin: eur(margin) });
const win = (lines: DealLine[], occurredAt = '2026-03-10T09:00:00Z') => ({
  type: 'WinDeal' as const, leadId: 'lead-1', amount: eur(lines.reduce((sum, l) => sum + l.revenue.minor, 0)), lines, occurredAt,
});
const won = (lines: DealLine[]): LeadEvent => ({ type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-1', amount: eur(lines.reduce((s, l) => s + l.revenue.minor, 0)), lines } });

describe('margins below the guaranteed minimum', () => {
  it('records nothing for a line exactly at the minimum', () => {
    const atMinimum = [line('utm', 'UTM-500', 800_000, 100_000)]; // 12.50 %
    specFor(leadDecider(v1))([registered]).when(win(atMinimum)).then([won(atMinimum)]);
  });

  it('records an alert with the win, in the same append, for a line a hundredth of a cent below', () => {
    const below = [line('utm', 'UTM-500', 800_000, 99_999), line('utm', 'UTM-900', 200_000, 50_000)];
    specFor(leadDecider(v1))([registered]).when(win(below)).then([
      won(below),
      { type: 'MarginBelowMinimum', data: { leadId: 'lead-1', partnerId: 'p-1', productLine: 'utm', product: 'UTM-500', revenue: eur(800_000), margin: eur(99_999), rate: '12.50', minimumRate: '12.5', rulesVersion: 1 } },
    ]);
  });

  it('judges each win by the minimum of the rules in force when it occurred', () => {
    const lines = [line('utm', 'UTM-500', 1_000_000, 140_000)]; // 14 %: above version 1's 12.5, below version 2's 15
    const versions = [v1, v2];
    const before = rulesInForce(versions, '2026-06-30T23:59:59Z')!;
    const after = rulesInForce(versions, '2026-07-01T00:00:00Z')!;
    specFor(leadDecider(before))([registered]).when(win(lines, '2026-06-30T23:59:59Z')).then([won(lines)]);
    specFor(leadDecider(after))([registered]).when(win(lines, '2026-07-01T00:00:00Z')).then([
      won(lines),
      { type: 'MarginBelowMinimum', data: { leadId: 'lead-1', partnerId: 'p-1', productLine: 'utm', product: 'UTM-500', revenue: eur(1_000_000), margin: eur(140_000), rate: '14.00', minimumRate: '15', rulesVersion: 2 } },
    ]);
  });

  it('names no rate for a line of no revenue', () => {
    const free = [line('utm', 'UTM-500', 0, 0)];
    specFor(leadDecider(v1))([registered]).when({ ...win(free), amount: eur(0) }).then([won(free)]);
  });

  it("takes a product's own minimum before its line's", () => {
    expect(minimumMarginFor(v1, 'network', 'NET-9000')).toBe('15');
    expect(minimumMarginFor(v1, 'network', 'NET-100')).toBe('10');
    expect(minimumMarginFor(v1, 'cloud', 'CLD-1')).toBe('20');
    expect(minimumMarginFor(v1, 'cloud', 'CLD-2')).toBeUndefined();
    expect(minimumMarginFor(defaultProgramRules('EUR'), 'utm', 'UTM-500')).toBeUndefined();
  });
});
