import { csvName, scorecardsCsv } from './scorecards-csv';
import type { Scorecard } from './scorecards-data';
import { viewOf } from './scorecards-view';

const card = {
  partnerId: 'p-1', period: '2025-06', typology: 'var', country: 'FR', region: null, tier: 'gold',
  leadsRegistered: 3, dealsWon: 2, dealsReversed: 0, revenueWon: '1200.50', revenueReversed: '0.00', netRevenue: '1200.50',
  certificationsEarned: 1, certifiedEngineers: 4, incentivesAwarded: 0, incentivesValue: '0.00', incentivesByRole: {}, engagements: 1, averageSatisfaction: null,
  targets: { revenueWon: '1000.00', dealsWon: null, leadsRegistered: 5, certifiedEngineers: null },
  attainment: { revenueWon: '120.1', dealsWon: null, leadsRegistered: '60.0', certifiedEngineers: null },
  currency: 'EUR',
} as unknown as Scorecard;

describe('the scorecards export', () => {
  it('writes one line per scorecard under the API\'s field names, amounts as the API gave them', () => {
    const [header, line, end] = scorecardsCsv([card]).split('\r\n');
    const fields = header.split(',');
    const values = line.split(',');
    const at = (name: string) => values[fields.indexOf(name)];
    expect(at('partnerId')).toBe('p-1');
    expect(at('revenueWon')).toBe('1200.50');
    expect(at('targets.leadsRegistered')).toBe('5');
    expect(at('attainment.revenueWon')).toBe('120.1');
    expect(at('attainment.dealsWon')).toBe('');
    expect(at('region')).toBe('');
    expect(end).toBe('');
  });

  it('names the file after the period, the filters and the order', () => {
    expect(csvName(viewOf(new URLSearchParams('typology=var&sort=-attainment.revenueWon')), '2025-Q2')).toBe('scorecards-2025-Q2-typology-var-by-attainment.revenueWon-desc.csv');
    expect(csvName(viewOf(new URLSearchParams('region=North West&sort=partnerId')), '2025')).toBe('scorecards-2025-region-North_West-by-partnerId-asc.csv');
  });
});
