import { expectedCount, RollupGroup } from './scorecards-data';
import { viewOf } from './scorecards-view';

const groups = (by: string, counts: Record<string, number>) => Object.entries(counts).map(([key, partners]) => ({ [by]: key === 'none' ? null : key, partners }) as unknown as RollupGroup);
const rollups = { typology: groups('typology', { var: 7, isv: 5 }), country: groups('country', { FR: 4, DE: 8 }), region: groups('region', { IDF: 3, none: 9 }) };
const view = (query: string) => viewOf(new URLSearchParams(query));

describe('how many scorecards an export will read', () => {
  it('is the roll-up\'s partners for a ranking by attainment with one filter at most', () => {
    expect(expectedCount(view('sort=-attainment.revenueWon'), rollups)).toBe(12);
    expect(expectedCount(view('sort=attainment.dealsWon&typology=var'), rollups)).toBe(7);
    expect(expectedCount(view('sort=-attainment.dealsWon&country=DE'), rollups)).toBe(8);
  });

  it('is unknown for a ranking by a counter (it lists only the partners that did something), for two filters, or without the roll-up', () => {
    expect(expectedCount(view('sort=-netRevenue'), rollups)).toBeUndefined();
    expect(expectedCount(view('sort=-attainment.revenueWon&typology=var&country=FR'), rollups)).toBeUndefined();
    expect(expectedCount(view('sort=-attainment.revenueWon&tier=gold'), rollups)).toBeUndefined();
  });
});
