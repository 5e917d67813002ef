import fc from 'fast-check';
import { DealLine, LeadEvent } from '../events';
import { defaultProgramRules } from '../program/program-rules';
import { fold } from '../shared/decider';
import { money } from '../shared/money';
import { specFor } from '../testing/given-when-then';
import { linesReversedAt } from './deal-reversal';
import { ReverseDeal } from './lead.commands';
import { leadDecider } from './lead.decider';

const eur = (minor: number) => money(minor, 'EUR');
const decider = leadDecider(defaultProgramRules('EUR'));
const spec = specFor(decider);
const line = (productLine: string, revenue: number, margin: number): DealLine => ({ productLine, product: `${productLine}-box`, revenue: eur(revenue), margin: eur(margin) });
const lines = [line('utm', 70_000, 10_000), line('cloud', 30_000, 9_001)];
const registered: LeadEvent = {
  type: 'LeadRegistered',
  data: { leadId: 'lead-1', partnerId: 'p-1', customer: { id: 'c-1', name: 'Globex' }, project: 'UTM', opportunityKey: 'c-1/utm', estimatedValue: eur(100_000), protectedUntil: '2027-01-01T00:00:00.000Z', rulesVersion: 1 },
};
const won: LeadEvent = { type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-1', amount: eur(100_000), lines } };
const reverse = (reversalId: string, amount?: number): ReverseDeal => ({
  type: 'ReverseDeal', leadId: 'lead-1', reversalId, ...(amount !== undefined ? { amount: eur(amount) } : {}), reason: 'refund', occurredAt: '2026-04-02T10:00:00Z',
});
const reversedBy = (command: ReverseDeal, given: LeadEvent[]) => decider.decide(command, fold(decider, given));

describe('deal reversals', () => {
  it('reverses part of a won deal, its lines in proportion', () =>
    spec([registered, won]).when(reverse('r-1', 30_000)).then([{
      type: 'DealReversed',
      data: {
        leadId: 'lead-1', partnerId: 'p-1', reversalId: 'r-1', amount: eur(30_000), reason: 'refund',
        lines: [line('utm', 21_000, 3_000), line('cloud', 9_000, 2_700)], totalReversed: eur(30_000), wonAmount: eur(100_000),
      },
    }]));

  it('reverses all that remains when no amount is given, and the parts add up to the lines exactly', () => {
    const first = reversedBy(reverse('r-1', 33_333), [registered, won]);
    const rest = reversedBy(reverse('r-2'), [registered, won, ...first]);
    const [a, b] = [first[0]!, rest[0]!];
    if (a.type !== 'DealReversed' || b.type !== 'DealReversed') throw new Error('expected reversals');
    expect(b.data.amount).toEqual(eur(66_667));
    expect(b.data.totalReversed).toEqual(eur(100_000));
    lines.forEach((l, i) => {
      expect(a.data.lines[i]!.revenue.minor + b.data.lines[i]!.revenue.minor).toBe(l.revenue.minor);
      expect(a.data.lines[i]!.margin.minor + b.data.lines[i]!.margin.minor).toBe(l.margin.minor);
    });
  });

  it('refuses a second reversal that would take back more than the deal had left', () =>
    spec([registered, won, ...reversedBy(reverse('r-1', 60_000), [registered, won])]).when(reverse('r-2', 40_001)).thenRefused('REVERSAL_EXCEEDS_DEAL'));

  it('refuses any reversal of a deal reversed whole', () =>
    spec([registered, won, ...reversedBy(reverse('r-1'), [registered, won])]).when(reverse('r-2')).thenRefused('REVERSAL_EXCEEDS_DEAL'));

  it('refuses a reversal of a lead not won, and a reversal id used before', () => {
    spec([registered]).when(reverse('r-1')).thenRefused('DEAL_NOT_WON');
    spec([]).when(reverse('r-1')).thenRefused('LEAD_NOT_FOUND');
    spec([registered, won, ...reversedBy(reverse('r-1', 10), [registered, won])]).when(reverse('r-1', 10)).thenRefused('REVERSAL_ID_TAKEN');
  });

  it('refuses a reversal dated before its win, read back with its time', () => {
    const wonAt = { ...won, occurredAt: '2026-04-02T10:00:01Z' } as LeadEvent;
    spec([registered, wonAt]).when(reverse('r-1', 10)).thenRefused('REVERSAL_BEFORE_WIN');
    spec([registered, { ...won, occurredAt: '2026-04-02T10:00:00Z' } as LeadEvent]).when(reverse('r-1', 10)).then([{
      type: 'DealReversed',
      data: {
        leadId: 'lead-1', partnerId: 'p-1', reversalId: 'r-1', amount: eur(10), reason: 'refund',
        lines: [line('utm', 7, 1), line('cloud', 3, 0)], totalReversed: eur(10), wonAmount: eur(100_000),
      },
    }]);
  });

  it('reverses a deal won without lines', () => {
    const bare: LeadEvent = { type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-1', amount: eur(5_000), lines: [] } };
    const [event] = reversedBy(reverse('r-1', 1_000), [registered, bare]);
    expect(event).toMatchObject({ type: 'DealReversed', data: { amount: eur(1_000), lines: [], totalReversed: eur(1_000) } });
  });

  it('apportions any sequence of reversals: parts never negative, never above a line, adding up to each reversal and, at the end, to every line', () => {
    const amounts = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(amounts, fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }), (revenues, cuts) => {
      const deal = revenues.map((revenue, i) => line(`l${i}`, revenue, Math.floor(revenue / 3)));
      const whole = revenues.reduce((a, b) => a + b, 0);
      if (whole === 0) return;
      const totals = [...cuts.map((c) => Math.floor((whole * c) / 100)), whole].sort((a, b) => a - b);
      let before = deal.map(() => ({ revenue: 0, margin: 0 }));
      for (const total of totals) {
        const after = linesReversedAt(deal, before, total);
        expect(after.reduce((sum, l) => sum + l.revenue, 0)).toBe(total);
        after.forEach((l, i) => {
          expect(l.revenue).toBeGreaterThanOrEqual(before[i]!.revenue);
          expect(l.margin).toBeGreaterThanOrEqual(before[i]!.margin);
          expect(l.revenue).toBeLessThanOrEqual(deal[i]!.revenue.minor);
        });
        before = after;
      }
      before.forEach((l, i) => expect(l).toEqual({ revenue: deal[i]!.revenue.minor, margin: deal[i]!.margin.minor }));
    }));
  });
});
