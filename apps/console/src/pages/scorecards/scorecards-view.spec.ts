import { DEFAULT_PAGE_SIZE, DEFAULT_SORT, viewOf } from './scorecards-view';

describe('the scorecards view in the address', () => {
  it('reads every filter, the order, the page size, the cursor and the roll-up grouping', () => {
    const view = viewOf(new URLSearchParams('period=2025-Q2&typology=var&tier=gold&country=fr&region=EMEA&sort=-attainment.dealsWon&limit=100&cursor=abc&groupBy=country'));
    expect(view).toEqual({ period: '2025-Q2', typology: 'var', tier: 'gold', country: 'FR', region: 'EMEA', sort: '-attainment.dealsWon', limit: 100, cursor: 'abc', groupBy: 'country' });
  });

  it('falls back to the defaults for what is absent or what the API would refuse', () => {
    const view = viewOf(new URLSearchParams('period=2025-13&typology=reseller&tier=bronze&country=France&sort=name&limit=7&groupBy=city'));
    expect(view).toEqual({ period: undefined, typology: undefined, tier: undefined, country: undefined, region: undefined, sort: DEFAULT_SORT, limit: DEFAULT_PAGE_SIZE, cursor: undefined, groupBy: 'typology' });
  });
});
