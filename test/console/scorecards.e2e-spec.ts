import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled, signIn } from './support/console-ledger';

interface Card {
  partnerId: string;
  typology: string;
  netRevenue: string;
  attainment: Record<string, string | null>;
}
interface Group {
  typology?: string;
  tier?: string;
  partners: number;
  revenueWon: string;
  netRevenue: string;
  dealsWon: number;
  leadsRegistered: number;
  certifiedEngineers: number;
  attainment: Record<string, string | null>;
  atOrAbove100: Record<string, string | null>;
}

/** The scorecards page in a real browser, its table, roll-ups and export compared with the API's answers. */
describe('console: scorecards', () => {
  const ctx = consoleLedger();

  const api = async <T>(path: string): Promise<T> => (await ctx.ledger.http.get(path).set('X-API-Key', CONSOLE_KEYS.analyst).expect(200)).body as T;
  const page1 = (query: string) => api<{ items: Card[]; nextCursor: string | null }>(`/scorecards?${query}`);
  const everyCard = async (query: string): Promise<Card[]> => {
    const all: Card[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Card[]; nextCursor: string | null } = await page1(`${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };

  /** The typology of the period's roll-up that weighs most: a filter with rows to show. */
  const largestTypology = async (period: string, weight: (group: Group) => number) =>
    (await api<{ items: Group[] }>(`/scorecards/rollup?period=${period}&groupBy=typology`)).items.reduce((a, b) => (weight(b) > weight(a) ? b : a)).typology!;
  const monthShown = (page: Page) => page.getByLabel('Month', { exact: true }).inputValue();
  const table = (page: Page) => page.getByRole('table', { name: /^Scorecards of/ });
  const partnerIds = (page: Page) => table(page).locator('tbody tr td:first-child a').allTextContents();
  /** The table's partners once they are `expected` (a new view loads after the address changes), else the last seen. */
  async function rowsOnceLoaded(page: Page, expected: string[], timeout = 20_000): Promise<string[]> {
    const until = Date.now() + timeout;
    let seen: string[] = [];
    while (Date.now() < until) {
      seen = await partnerIds(page).catch(() => []);
      if (JSON.stringify(seen) === JSON.stringify(expected)) break;
      await page.waitForTimeout(100);
    }
    await settled(page);
    return seen;
  }
  async function open(hash = '') {
    return openConsole(ctx, CONSOLE_KEYS.analyst, `#/scorecards${hash}`);
  }

  it('opens on the latest month with the API\'s first page: its partners in its order, figures and attainment bars, each partner a link', async () => {
    const { page, errors } = await open();
    const month = await monthShown(page);
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const first = await page1(`period=${month}`);
    expect(first.items.length).toBeGreaterThan(0);
    expect(await partnerIds(page)).toEqual(first.items.map((c) => c.partnerId));

    const rows = table(page).locator('tbody tr');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        net: tr.querySelector('[data-field="netRevenue"]')?.getAttribute('data-value'),
        bars: [...tr.querySelectorAll('.attainment, .no-target')].map((bar) => bar.getAttribute('data-value')),
        link: tr.querySelector('a')?.getAttribute('href'),
      })),
    );
    first.items.forEach((card, i) => {
      expect(shown[i].net).toBe(card.netRevenue);
      expect(shown[i].bars).toEqual(['revenueWon', 'dealsWon', 'leadsRegistered', 'certifiedEngineers'].map((m) => card.attainment[m]));
      expect(shown[i].link).toBe(`#/partners/${card.partnerId}`);
    });
    expect(await page.locator('.attainment-fill').count()).toBeGreaterThan(0);
    await screenshot(page, 'scorecards');
    expect(errors).toEqual([]);
  });

  it('a typology filter changes the rows to the API\'s answer for it, and the address alone opens the same view', async () => {
    const { page, errors } = await open();
    const month = await monthShown(page);
    const typology = await largestTypology(month, (g) => g.dealsWon + g.leadsRegistered);
    const expected = (await page1(`period=${month}&typology=${typology}`)).items;
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.map((c) => c.partnerId)).not.toEqual((await page1(`period=${month}`)).items.map((c) => c.partnerId));

    await page.getByLabel('Typology', { exact: true }).selectOption(typology);
    expect(await rowsOnceLoaded(page, expected.map((c) => c.partnerId))).toEqual(expected.map((c) => c.partnerId));
    expect(page.url()).toContain(`typology=${typology}`);
    expect(new Set(await table(page).locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set([typology]));
    await screenshot(page, 'scorecards-filtered');

    const shared = await openConsole(ctx, CONSOLE_KEYS.analyst, new URL(page.url()).hash);
    expect(await shared.page.getByLabel('Typology', { exact: true }).inputValue()).toBe(typology);
    expect(await partnerIds(shared.page)).toEqual(expected.map((c) => c.partnerId));
    expect([...errors, ...shared.errors]).toEqual([]);
  });

  it('sorting by a column reorders the rows as the API does, both ways, by a figure and by an attainment', async () => {
    const { page, errors } = await open('?sort=-attainment.revenueWon&limit=25');
    const month = await monthShown(page);
    for (const [header, sort] of [
      ['Deals won', '-dealsWon'],
      ['Deals won', 'dealsWon'],
      ['Leads registered, % of target', '-attainment.leadsRegistered'],
      ['Leads registered, % of target', 'attainment.leadsRegistered'],
    ]) {
      const expected = (await page1(`period=${month}&sort=${sort}&limit=25`)).items.map((c) => c.partnerId);
      await table(page).getByRole('button', { name: header, exact: true }).click();
      expect(await rowsOnceLoaded(page, expected)).toEqual(expected);
      expect(decodeURIComponent(page.url())).toContain(`sort=${sort}`);
      expect(await table(page).locator('th[aria-sort]').getAttribute('aria-sort')).toBe(sort.startsWith('-') ? 'descending' : 'ascending');
    }
    expect(errors).toEqual([]);
  });

  it('pages forward and back through the API\'s pages', async () => {
    const { page, errors } = await open('?sort=-attainment.revenueWon&limit=10');
    const month = await monthShown(page);
    const first = await page1(`period=${month}&sort=-attainment.revenueWon&limit=10`);
    expect(first.nextCursor).not.toBeNull();
    const second = await page1(`period=${month}&sort=-attainment.revenueWon&limit=10&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(await partnerIds(page)).toEqual(first.items.map((c) => c.partnerId));

    await page.getByRole('link', { name: 'Next ›' }).click();
    expect(await rowsOnceLoaded(page, second.items.map((c) => c.partnerId))).toEqual(second.items.map((c) => c.partnerId));
    expect(page.url()).toContain('cursor=');
    await screenshot(page, 'scorecards-page-2');
    await page.getByRole('button', { name: '‹ Previous' }).click();
    expect(await rowsOnceLoaded(page, first.items.map((c) => c.partnerId))).toEqual(first.items.map((c) => c.partnerId));
    expect(errors).toEqual([]);
  });

  it('picks a quarter and a year, and shows the API\'s scorecards of each', async () => {
    const { page, errors } = await open('?sort=-attainment.revenueWon&limit=10');
    const month = await monthShown(page);
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    await page.getByLabel('Kind of period').selectOption('quarter');
    const inQuarter = (await page1(`period=${quarter}&sort=-attainment.revenueWon&limit=10`)).items.map((c) => c.partnerId);
    expect(await rowsOnceLoaded(page, inQuarter)).toEqual(inQuarter);
    expect(page.url()).toContain(`period=${quarter}`);
    await page.getByRole('heading', { name: `Partners, Q${quarter.slice(-1)} ${quarter.slice(0, 4)}` }).waitFor();

    const year = String(Number(month.slice(0, 4)) - 1);
    await page.getByLabel('Kind of period').selectOption('year');
    await page.getByRole('heading', { name: `Partners, ${month.slice(0, 4)}` }).waitFor();
    await settled(page);
    await page.getByLabel('Year', { exact: true }).fill(year);
    await page.getByLabel('Year', { exact: true }).dispatchEvent('change');
    const inYear = (await page1(`period=${year}&sort=-attainment.revenueWon&limit=10`)).items.map((c) => c.partnerId);
    expect(await rowsOnceLoaded(page, inYear)).toEqual(inYear);
    await page.getByRole('heading', { name: `Partners, ${year}` }).waitFor();
    await screenshot(page, 'scorecards-year');
    expect(errors).toEqual([]);
  });

  it('rolls the period up by tier: a chart with data, and a table whose figures are the API\'s', async () => {
    const { page, errors } = await open();
    const month = await monthShown(page);
    await page.getByRole('link', { name: 'By tier' }).click();
    await page.getByRole('heading', { name: /^Roll-up by tier/ }).waitFor();
    await settled(page);
    const { items } = await api<{ items: Group[] }>(`/scorecards/rollup?period=${month}&groupBy=tier`);
    expect(items.length).toBeGreaterThan(0);

    const chart = page.locator('figure.chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    const shown = await page
      .getByRole('table', { name: /^Every partner of .*, by tier$/ })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('[data-field]')].map((cell) => [cell.getAttribute('data-field'), cell.getAttribute('data-value')]))));
    const fields = ['partners', 'revenueWon', 'netRevenue', 'dealsWon', 'leadsRegistered', 'certifiedEngineers', 'attainment.revenueWon', 'attainment.dealsWon', 'atOrAbove100.revenueWon'];
    const path = (group: Group, field: string) => field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], group);
    expect(shown).toEqual(items.map((g) => ({ group: g.tier, ...Object.fromEntries(fields.map((f) => [f, String(path(g, f) ?? '')])) })));
    expect(shown.reduce((sum, row) => sum + Number(row['partners']), 0)).toBeGreaterThan(0);
    await screenshot(page, 'scorecards-rollup-tier');
    expect(errors).toEqual([]);
  });

  it('exports every scorecard of the filter in its order as CSV, reading page after page', async () => {
    const { page, errors } = await open();
    const month = await monthShown(page);
    const typology = await largestTypology(month, (g) => g.partners);
    const query = `period=${month}&typology=${typology}&sort=-attainment.revenueWon`;
    const expected = (await everyCard(query)).map((c) => c.partnerId);
    expect(expected.length).toBeGreaterThan(10);

    const view = await openConsole(ctx, CONSOLE_KEYS.analyst, `#/scorecards?${query}&limit=10`);
    const reads: string[] = [];
    view.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/scorecards') reads.push(request.url());
    });
    // Each page answers a little later than it would, so the progress can be seen between pages.
    await view.page.route(/\/scorecards\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await route.continue();
    });
    const downloaded = view.page.waitForEvent('download');
    await view.page.getByRole('button', { name: 'Export CSV' }).click();
    await view.page.getByRole('progressbar', { name: 'Export progress' }).waitFor();
    await view.page.getByRole('status').filter({ hasText: new RegExp(`Reading scorecards: \\d+ of ${expected.length}`) }).waitFor();
    await screenshot(view.page, 'scorecards-exporting');
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe(`scorecards-${month}-typology-${typology}-by-attainment.revenueWon-desc.csv`);
    const [header, ...lines] = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\r\n');
    const column = header.split(',').indexOf('partnerId');
    expect(lines.map((line) => line.split(',')[column])).toEqual(expected);
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / 10));
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(expected.length / 10) + 1);
    await view.page.getByRole('status').filter({ hasText: `Exported ${expected.length} scorecards` }).waitFor();
    await screenshot(view.page, 'scorecards-exported');
    expect([...errors, ...view.errors]).toEqual([]);
  });

  it('fits a tablet: the page does not scroll sideways, the table does within its panel', async () => {
    const { page, errors } = await openPage(ctx.browser, { viewport: { width: 820, height: 1180 } });
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst, '#/scorecards');
    await settled(page);
    type Dom = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };
    const widths = await page.evaluate(() => {
      const { documentElement } = (globalThis as unknown as Dom).document;
      return { scroll: documentElement.scrollWidth, client: documentElement.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'scorecards-tablet');
    expect(errors).toEqual([]);
  });

  it('is not offered to a key without the analyst role, and says so at its address', async () => {
    const { page, errors } = await openPage(ctx.browser);
    await page.goto(`${ctx.consoleUrl}#/scorecards`);
    await page.getByLabel('API key').fill(CONSOLE_KEYS.auditor);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not for this key' }).waitFor();
    expect(await page.getByRole('link', { name: 'Scorecards', exact: true }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
