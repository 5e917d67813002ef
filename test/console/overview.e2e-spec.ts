import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, signIn } from './support/console-ledger';

/** The overview in a real browser, against a ledger holding the demo's history. */
describe('console: overview', () => {
  const ctx = consoleLedger();

  it('shows the latest month\'s figures equal to the sums of GET /scorecards/rollup, with charts that have data and no console error', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/overview');
    const month = await page.getByLabel('Month', { exact: true }).inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);

    const { body } = await ctx.ledger.http.get(`/scorecards/rollup?period=${month}&groupBy=typology`).set('X-API-Key', CONSOLE_KEYS.analyst).expect(200);
    const items = body.items as { netRevenue: string; dealsWon: number; leadsRegistered: number; certificationsEarned: number; incentivesAwarded: number; partners: number }[];
    const cents = (value: string) => Math.round(Number(value) * 100);
    const tile = (label: string) => page.getByRole('group', { name: label }).locator('[data-value]').first().getAttribute('data-value');
    expect(cents((await tile('Revenue won, net of reversals'))!)).toBe(items.reduce((sum, i) => sum + cents(i.netRevenue), 0));
    expect(Number(await tile('Deals won'))).toBe(items.reduce((sum, i) => sum + i.dealsWon, 0));
    expect(Number(await tile('Leads registered'))).toBe(items.reduce((sum, i) => sum + i.leadsRegistered, 0));
    expect(Number(await tile('Certifications earned'))).toBe(items.reduce((sum, i) => sum + i.certificationsEarned, 0));
    expect(Number(await tile('Incentives awarded'))).toBe(items.reduce((sum, i) => sum + i.incentivesAwarded, 0));
    expect(Number(await tile('Partners'))).toBe(items.reduce((sum, i) => sum + i.partners, 0));
    expect(items.reduce((sum, i) => sum + i.dealsWon + i.leadsRegistered, 0)).toBeGreaterThan(0); // the demo's last month is not empty

    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const points of await charts.evaluateAll((figures) => figures.map((f) => Number(f.getAttribute('data-points'))))) expect(points).toBeGreaterThan(0);
    await screenshot(page, 'overview');
    expect(errors).toEqual([]);
  });

  it('shows 24 months when asked, and another month when one is picked', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/overview');
    await page.getByRole('link', { name: '24 months' }).click();
    // Five series over 24 months, once the new months have loaded (not merely once the click was seen).
    await page.locator('figure.chart[data-points="120"]').waitFor();
    expect(await page.getByRole('heading', { name: 'The last 24 months' }).count()).toBe(1);
    await page.getByLabel('Month', { exact: true }).fill('2024-03');
    await page.getByLabel('Month', { exact: true }).dispatchEvent('change');
    await page.waitForURL(/through=2024-03/);
    // A busy machine answers a dozen roll-ups slowly: the month's tiles come first.
    await page.getByRole('heading', { name: 'Mar 2024', exact: true }).waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  it('tells a person whose key is refused so, and keeps the key out of the address and of localStorage', async () => {
    const { page } = await openPage(ctx.browser);
    await page.goto(`${ctx.consoleUrl}#/overview`);
    await page.getByLabel('API key').fill('not-a-key-at-all-000000');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    await screenshot(page, 'sign-in-refused');
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst);
    expect(page.url()).not.toContain(CONSOLE_KEYS.analyst);
    expect(await page.evaluate(() => JSON.stringify((globalThis as unknown as { localStorage: object }).localStorage))).not.toContain(CONSOLE_KEYS.analyst);
  });
});
