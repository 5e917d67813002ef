import { DealLine, LeadEvent } from '../events';
import { defaultProgramRules, ProgramRules, rulesInForce } from '../program/program-rules';
import { fold } from '../shared/decider';
import { money } from '../shared/money';
import { specFor } from '../testing/given-when-then';
import { ExpireLead, ExtendLeadProtection, LoseLead, RegisterLead, WinDeal } from './lead.commands';
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
  data: { leadId: 'lead-1', partnerId: 'p-1', customer: { id: 'c-42', name: 'Globex' }, project: 'Firewall refresh', opportunityKey: 'c-42/firewall%20refresh', estimatedValue: eur(5_000_000),
    protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 },
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

  describe('protection', () => {
    const extend = (occurredAt = '2026-05-01T00:00:00Z'): ExtendLeadProtection => ({ type: 'ExtendLeadProtection', leadId: 'lead-1', reason: 'customer board delayed', occurredAt });
    const extended = (extensions: number, protectedUntil: string): LeadEvent => ({
      type: 'LeadProtectionExtended', data: { leadId: 'lead-1', partnerId: 'p-1', reason: 'customer board delayed', protectedUntil, extensions, rulesVersion: 1 },
    });
    const expire = (asOf: string): ExpireLead => ({ type: 'ExpireLead', leadId: 'lead-1', asOf });
    const expired: LeadEvent = { type: 'LeadExpired', data: { leadId: 'lead-1', partnerId: 'p-1', opportunityKey: 'c-42/firewall%20refresh', protectedUntil: '2026-06-08T09:00:00.000Z', rulesVersion: 1 } };
    const lose: LoseLead = { type: 'LoseLead', leadId: 'lead-1', reason: 'customer chose a competitor', occurredAt: '2026-04-01T00:00:00Z' };
    const lost: LeadEvent = { type: 'LeadLost', data: { leadId: 'lead-1', partnerId: 'p-1', opportunityKey: 'c-42/firewall%20refresh', reason: 'customer chose a competitor' } };

    it('a registration is protected for leadProtectionDays of the rules in force, and records their version', () =>
      specFor(leadDecider({ ...defaultProgramRules('EUR'), version: 4, leadProtectionDays: 60 }))([]).when(register).then([
        { ...registered, data: { ...registered.data, protectedUntil: '2026-05-09T09:00:00.000Z', rulesVersion: 4 } } as LeadEvent,
      ]));

    it('expires exactly at protectedUntil (protection covers [registeredAt, protectedUntil))', () => {
      spec([registered]).when(expire('2026-06-08T08:59:59.999Z')).then([]);
      spec([registered]).when(expire('2026-06-08T09:00:00Z')).then([expired]);
      spec([registered]).when(expire('2026-06-08T11:00:00+02:00')).then([expired]);
    });

    it('an extension moves protectedUntil leadExtensionDays later than it was', () =>
      spec([registered]).when(extend()).then([extended(1, '2026-07-08T09:00:00.000Z')]));

    it('an expiry records the version whose protection ran out: the last extension\'s', () => {
      const underVersion2: LeadEvent = {
        type: 'LeadProtectionExtended', data: { leadId: 'lead-1', partnerId: 'p-1', reason: 'customer board delayed', protectedUntil: '2026-07-08T09:00:00.000Z', extensions: 1, rulesVersion: 2 },
      };
      spec([registered, underVersion2]).when(expire('2026-07-08T09:00:00Z'))
        .then([{ ...expired, data: { ...expired.data, protectedUntil: '2026-07-08T09:00:00.000Z', rulesVersion: 2 } } as LeadEvent]);
    });

    it('an extended lead is not expired at its first protectedUntil (a stale list is harmless)', () =>
      spec([registered, extended(1, '2026-07-08T09:00:00.000Z')]).when(expire('2026-06-08T09:00:00Z')).then([]));

    it('refuses an extension past maxLeadExtensions', () => {
      spec([registered, extended(1, '2026-07-08T09:00:00.000Z')]).when(extend()).thenRefused('EXTENSION_LIMIT_REACHED');
      specFor(leadDecider({ ...defaultProgramRules('EUR'), maxLeadExtensions: 2 }))([registered, extended(1, '2026-07-08T09:00:00.000Z')])
        .when(extend()).then([extended(2, '2026-08-07T09:00:00.000Z')]);
    });

    it('refuses to extend a protection that has run out, or a lead lost, expired or won', () => {
      spec([registered]).when(extend('2026-06-08T09:00:00Z')).thenRefused('LEAD_NOT_OPEN');
      spec([registered, expired]).when(extend()).thenRefused('LEAD_NOT_OPEN');
      spec([registered, lost]).when(extend()).thenRefused('LEAD_NOT_OPEN');
      spec([registered, won]).when(extend()).thenRefused('LEAD_NOT_OPEN');
    });

    it('refuses to win an expired or lost lead', () => {
      spec([registered, expired]).when(win()).thenRefused('LEAD_NOT_OPEN');
      spec([registered, lost]).when(win()).thenRefused('LEAD_NOT_OPEN');
    });

    it('a won lead is never expired', () => spec([registered, won]).when(expire('2027-01-01T00:00:00Z')).then([]));

    it('a lost or expired lead is not expired again', () => {
      spec([registered, expired]).when(expire('2027-01-01T00:00:00Z')).then([]);
      spec([registered, lost]).when(expire('2027-01-01T00:00:00Z')).then([]);
    });

    it('loses an open lead, once', () => {
      spec([registered]).when(lose).then([lost]);
      spec([registered, lost]).when(lose).thenRefused('LEAD_NOT_OPEN');
      spec([registered, expired]).when(lose).thenRefused('LEAD_NOT_OPEN');
      spec([registered, won]).when(lose).thenRefused('LEAD_NOT_OPEN');
      spec([]).when(lose).thenRefused('LEAD_NOT_FOUND');
    });

    it('nothing to expire for a lead never registered', () => spec([]).when(expire('2027-01-01T00:00:00Z')).then([]));

    it('a lead recorded before protection was recorded is read as registered under version 1 (occurredAt + 90 days)', () => {
      const { protectedUntil: _p, rulesVersion: _v, ...before } = (registered as Extract<LeadEvent, { type: 'LeadRegistered' }>).data;
      const old = { type: 'LeadRegistered', data: before, occurredAt: '2026-01-01T10:00:00Z' } as LeadEvent;
      const lenient = leadDecider({ ...defaultProgramRules('EUR'), version: 3, leadProtectionDays: 10 });
      expect(fold(lenient, [old])).toMatchObject({ status: 'open', protectedUntil: '2026-04-01T10:00:00.000Z', rulesVersion: 1, extensions: 0 });
      specFor(lenient)([old]).when(expire('2026-04-01T09:59:59Z')).then([]);
    });

    it('a fact that occurred before a new version took effect, reported after it, is protected by the older version', () => {
      const versions: ProgramRules[] = [
        defaultProgramRules('EUR'),
        { ...defaultProgramRules('EUR'), version: 2, effectiveFrom: '2026-04-01T00:00:00Z', leadProtectionDays: 30 },
      ];
      // Registered on 10 March (version 1 in force), reported in May (version 2 in force).
      const inForce = rulesInForce(versions, register.occurredAt)!;
      expect(inForce.version).toBe(1);
      specFor(leadDecider(inForce))([]).when(register).then([registered]);
      // The same registration, occurred in April, is version 2's.
      specFor(leadDecider(rulesInForce(versions, '2026-04-02T00:00:00Z')!))([]).when({ ...register, occurredAt: '2026-04-02T00:00:00Z' }).then([
        { ...registered, data: { ...registered.data, protectedUntil: '2026-05-02T00:00:00.000Z', rulesVersion: 2 } } as LeadEvent,
      ]);
    });
  });
});
