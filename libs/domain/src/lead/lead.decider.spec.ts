import { DealLine, LeadEvent } from '../events';
import { defaultProgramRules } from '../program/program-rules';
import { money } from '../shared/money';
import { specFor } from '../testing/given-when-then';
import { RegisterLead, WinDeal } from './lead.commands';
import { leadDecider } from './lead.decider';

const spec = specFor(leadDecider(defaultProgramRules('EUR')));
const eur = (minor: number) => money(minor, 'EUR');
const at = '2026-03-10T09:00:00Z';

const register: RegisterLead = {
  type: 'RegisterLead', leadId: 'lead-1', partnerId: 'p-1', customer: { id: 'c-42', name: 'Globex' },
  project: 'Firewall refresh', opportunityKey: 'c-42/firewall%20refresh', estimatedValue: eur(5_000_000), occurredAt: at,
};
const registered: LeadEvent = {
  type: 'LeadRegistered',
  data: { leadId: 'lead-1', partnerId: 'p-1', customer: { id: 'c-42', name: 'Globex' }, project: 'Firewall refresh', opportunityKey: 'c-42/firewall%20refresh', estimatedValue: eur(5_000_000) },
};
const line = (productLine: string, revenue: number, margin: number, currency = 'EUR'): DealLine => ({
  productLine, product: `${productLine}-box`, revenue: money(revenue, currency), margin: money(margin, currency),
});
const lines = [line('utm', 300_000, 60_000), line('cloud', 125_010, 25_000)];
const win = (overrides: Partial<WinDeal> = {}): WinDeal => ({ type: 'WinDeal', leadId: 'lead-1', amount: eur(425_010), lines, occurredAt: at, ...overrides });
const won: LeadEvent = { type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-1', amount: eur(425_010), lines } };

describe('lead decider', () => {
  it('registers a lead', () => spec([]).when(register).then([registered]));

  it('refuses a lead id that is already taken', () =>
    spec([registered]).when({ ...register, partnerId: 'p-2' }).thenRefused('LEAD_ID_TAKEN'));

  // The estimated value's currency is admitted by the lead registration workflow, before the claim.

  it('wins the deal for the partner that registered the lead', () => spec([registered]).when(win()).then([won]));

  it('takes the partner from the registration, whatever the lines', () =>
    spec([{ ...registered, data: { ...registered.data, partnerId: 'p-9' } }])
      .when(win({ amount: eur(700), lines: [] }))
      .then([{ type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-9', amount: eur(700), lines: [] } }]));

  it('refuses to win the same deal twice', () => spec([registered, won]).when(win()).thenRefused('DEAL_ALREADY_WON'));

  it('refuses to win a lead that was never registered', () => spec([]).when(win()).thenRefused('LEAD_NOT_FOUND'));

  it('refuses lines that do not add up to the amount', () =>
    spec([registered]).when(win({ amount: eur(425_011) })).thenRefused('LINES_DO_NOT_ADD_UP'));

  it('refuses a line whose margin exceeds its revenue', () =>
    spec([registered]).when(win({ amount: eur(1000), lines: [line('utm', 1000, 1001)] })).thenRefused('MARGIN_EXCEEDS_REVENUE'));

  it('accepts a margin equal to the revenue', () =>
    spec([registered])
      .when(win({ amount: eur(1000), lines: [line('utm', 1000, 1000)] }))
      .then([{ type: 'DealWon', data: { leadId: 'lead-1', partnerId: 'p-1', amount: eur(1000), lines: [line('utm', 1000, 1000)] } }]));

  it('refuses a product line outside the program', () =>
    spec([registered]).when(win({ amount: eur(1000), lines: [line('mainframe', 1000, 100)] })).thenRefused('UNKNOWN_PRODUCT_LINE'));

  it.each([
    ['amount', win({ amount: money(425_010, 'USD') })],
    ['a line revenue', win({ amount: eur(1000), lines: [{ ...line('utm', 1000, 100), revenue: money(1000, 'USD') }] })],
    ['a line margin', win({ amount: eur(1000), lines: [{ ...line('utm', 1000, 100), margin: money(100, 'GBP') }] })],
  ])('refuses %s in another currency', (_what, command) =>
    spec([registered]).when(command).thenRefused('CURRENCY_NOT_ACCEPTED'));
});
