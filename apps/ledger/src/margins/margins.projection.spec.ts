import { defaultProgramRules, fold, LeadCommand, leadDecider, LeadEvent, ProgramRules } from '@ledger/domain';
import { GivenEvent, projectionSpecFor } from '../read-models/testing/projection-spec';
import { marginsProjection } from './margins.projection';

const spec = projectionSpecFor(marginsProjection);
const EUR = (minor: number) => ({ minor, currency: 'EUR' });

// Version 1 guarantees 10% on utm; version 2, from May, 15% (and 20% on UTM-500 alone).
const v1: ProgramRules = { ...defaultProgramRules(), minimumMargins: { utm: '10' } };
const v2: ProgramRules = { ...defaultProgramRules(), version: 2, effectiveFrom: '2026-05-01T00:00:00Z', minimumMargins: { utm: { minimum: '15', products: { 'UTM-500': '20' } } } };

const registered = (partnerId: string, typology: 'integrator' | 'var'): GivenEvent => ({
  type: 'PartnerRegistered', occurredAt: '2026-01-02T00:00:00Z', data: { partnerId, name: partnerId, typology, territory: { country: 'FR' } },
});

type Line = [productLine: string, product: string, revenue: number, margin: number];

/** A lead's events as its stream decides them under `rules`: registered, then each command, each event at its command's time. */
function lead(rules: ProgramRules, leadId: string, partnerId: string, ...commands: ((leadId: string) => LeadCommand)[]): GivenEvent[] {
  const decider = leadDecider(rules);
  const history: LeadEvent[] = [];
  const given: GivenEvent[] = [];
  const register: LeadCommand = {
    type: 'RegisterLead', leadId, partnerId, customer: { id: `c-${leadId}`, name: 'C' }, project: 'p', opportunityKey: leadId, estimatedValue: EUR(1), occurredAt: '2026-01-03T00:00:00Z',
  };
  for (const command of [register, ...commands.map((make) => make(leadId))]) {
    const events = decider.decide(command, fold(decider, history));
    history.push(...events);
    // Registrations are not the observatory's: left out of the given events.
    if (command.type !== 'RegisterLead') given.push(...events.map((event) => ({ ...event, occurredAt: (command as { occurredAt: string }).occurredAt }) as GivenEvent));
  }
  return given;
}

const win = (occurredAt: string, ...lines: Line[]) => (leadId: string): LeadCommand => ({
  type: 'WinDeal', leadId, occurredAt,
  amount: EUR(lines.reduce((sum, [, , revenue]) => sum + revenue, 0)),
  lines: lines.map(([productLine, product, revenue, margin]) => ({ productLine, product, revenue: EUR(revenue), margin: EUR(margin) })),
});
const reverse = (occurredAt: string, amount: number) => (leadId: string): LeadCommand => ({
  type: 'ReverseDeal', leadId, reversalId: `r-${occurredAt}`, amount: EUR(amount), reason: 'refund', occurredAt,
});

const sums = (revenue: number, margin: number, revenueBelowMinimum = 0, marginBelowMinimum = 0) => ({ revenue, margin, revenueBelowMinimum, marginBelowMinimum });

describe('margins projection', () => {
  it('a line exactly at the minimum raises no alert; one below it does, and counts as sold below it', () =>
    spec
      .given([
        registered('p-1', 'var'),
        // 100.00 at 10.00 (exactly 10%), 200.00 at 19.99 (9.995%, below).
        ...lead(v1, 'l-1', 'p-1', win('2026-03-10T09:00:00Z', ['utm', 'UTM-100', 100_00, 10_00], ['utm', 'UTM-500', 200_00, 19_99])),
      ])
      .then({
        margin_partners: { 'p-1': { partnerId: 'p-1', typology: 'var' } },
        margin_deals: {
          'l-1': {
            leadId: 'l-1', partnerId: 'p-1', lines: [
              { productLine: 'utm', product: 'UTM-100', revenue: 100_00, margin: 10_00, belowMinimum: false },
              { productLine: 'utm', product: 'UTM-500', revenue: 200_00, margin: 19_99, belowMinimum: true },
            ],
          },
        },
        margins: {
          'p-1/2026-03': {
            partnerId: 'p-1', typology: 'var', month: '2026-03', ...sums(300_00, 29_99, 200_00, 19_99),
            products: [{ productLine: 'utm', product: 'UTM-100', ...sums(100_00, 10_00) }, { productLine: 'utm', product: 'UTM-500', ...sums(200_00, 19_99, 200_00, 19_99) }],
          },
        },
        margin_months: {
          '2026-03/utm/UTM-100': { month: '2026-03', productLine: 'utm', product: 'UTM-100', ...sums(100_00, 10_00), byTypology: [{ typology: 'var', ...sums(100_00, 10_00) }] },
          '2026-03/utm/UTM-500': {
            month: '2026-03', productLine: 'utm', product: 'UTM-500', ...sums(200_00, 19_99, 200_00, 19_99), byTypology: [{ typology: 'var', ...sums(200_00, 19_99, 200_00, 19_99) }],
          },
        },
        margin_alerts: {
          '00000000000000000003': {
            leadId: 'l-1', partnerId: 'p-1', productLine: 'utm', product: 'UTM-500', revenue: 200_00, margin: 19_99, rate: '10.00', minimumRate: '10', rulesVersion: 1,
            occurredAt: '2026-03-10T09:00:00.000Z', month: '2026-03', position: 3n,
          },
        },
      }));

  it('a minimum raised by a new rules version between two wins: the second win\'s alert names version 2', () =>
    spec
      .given([
        registered('p-1', 'var'),
        // 12% passes version 1's 10%; the same 12% is below version 2's 15%.
        ...lead(v1, 'l-1', 'p-1', win('2026-04-10T00:00:00Z', ['utm', 'UTM-100', 100_00, 12_00])),
        ...lead(v2, 'l-2', 'p-1', win('2026-05-10T00:00:00Z', ['utm', 'UTM-100', 100_00, 12_00], ['utm', 'UTM-500', 100_00, 19_00])),
      ])
      .thenIn('margin_alerts', {
        '00000000000000000004': {
          leadId: 'l-2', partnerId: 'p-1', productLine: 'utm', product: 'UTM-100', revenue: 100_00, margin: 12_00, rate: '12.00', minimumRate: '15', rulesVersion: 2,
          occurredAt: '2026-05-10T00:00:00.000Z', month: '2026-05', position: 4n,
        },
        '00000000000000000005': {
          leadId: 'l-2', partnerId: 'p-1', productLine: 'utm', product: 'UTM-500', revenue: 100_00, margin: 19_00, rate: '19.00', minimumRate: '20', rulesVersion: 2,
          occurredAt: '2026-05-10T00:00:00.000Z', month: '2026-05', position: 5n,
        },
      }));

  it('a reversal across a month boundary: the win\'s month keeps its revenue, the reversal\'s month is reduced by its part, below the minimum too', () =>
    spec
      .given([
        registered('p-1', 'integrator'),
        // Won on 31 January (a line below 10%), a quarter reversed on 2 February.
        ...lead(v1, 'l-1', 'p-1',
          win('2026-01-31T23:00:00Z', ['utm', 'UTM-100', 300_00, 15_00], ['network', 'SW-24', 100_00, 30_00]),
          reverse('2026-02-02T10:00:00Z', 100_00)),
      ])
      .thenIn('margins', {
        'p-1/2026-01': {
          partnerId: 'p-1', typology: 'integrator', month: '2026-01', ...sums(400_00, 45_00, 300_00, 15_00),
          products: [{ productLine: 'network', product: 'SW-24', ...sums(100_00, 30_00) }, { productLine: 'utm', product: 'UTM-100', ...sums(300_00, 15_00, 300_00, 15_00) }],
        },
        'p-1/2026-02': {
          partnerId: 'p-1', typology: 'integrator', month: '2026-02', ...sums(-100_00, -11_25, -75_00, -3_75),
          products: [{ productLine: 'network', product: 'SW-24', ...sums(-25_00, -7_50) }, { productLine: 'utm', product: 'UTM-100', ...sums(-75_00, -3_75, -75_00, -3_75) }],
        },
      }));

  it('sums every partner of a typology in the program\'s month of a product, and a deal without lines not at all', () =>
    spec
      .given([
        registered('p-1', 'var'), registered('p-2', 'integrator'), registered('p-3', 'var'),
        ...lead(v1, 'l-1', 'p-1', win('2026-03-01T00:00:00Z', ['utm', 'UTM-100', 100_00, 20_00])),
        ...lead(v1, 'l-2', 'p-2', win('2026-03-02T00:00:00Z', ['utm', 'UTM-100', 50_00, 10_00], ['utm', 'UTM-100', 50_00, 2_00])),
        ...lead(v1, 'l-3', 'p-3', win('2026-03-03T00:00:00Z', ['utm', 'UTM-100', 10_00, 3_00])),
        ...lead(v1, 'l-4', 'p-3', win('2026-03-04T00:00:00Z')),
      ])
      .thenIn('margin_months', {
        '2026-03/utm/UTM-100': {
          month: '2026-03', productLine: 'utm', product: 'UTM-100', ...sums(210_00, 35_00, 50_00, 2_00),
          byTypology: [{ typology: 'integrator', ...sums(100_00, 12_00, 50_00, 2_00) }, { typology: 'var', ...sums(110_00, 23_00) }],
        },
      }));
});
