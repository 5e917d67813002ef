import type { Page } from 'playwright-core';
import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled, signIn } from './support/console-ledger';

type Dom = { document: { querySelectorAll(selector: string): { textContent: string | null; querySelectorAll(selector: string): unknown }[] } };

/** A table's body, as the person reads it: one array of cell texts a row (the table is named by its caption). */
async function rowsOf(page: Page, caption: string | RegExp): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  // An empty table says so in one cell (td.empty): that is no row.
  return table.locator('tbody tr:not(:has(td.empty))').evaluateAll((rows) =>
    rows.map((row) => Array.from((row as unknown as Dom['document']).querySelectorAll('td')).map((cell) => (cell.textContent ?? '').trim())),
  );
}

/** The addresses a table's links lead to, in order. */
const linksOf = (page: Page, caption: string | RegExp) =>
  page.getByRole('table', { name: caption }).locator('tbody a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));

async function chartPoints(page: Page): Promise<number[]> {
  return page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => Number(f.getAttribute('data-points'))));
}

/** The challenges, the margins and the partners at risk in a real browser, against a ledger holding the demo's history. */
describe('console: challenges, margins and at-risk', () => {
  const ctx = consoleLedger();
  const api = async (path: string, key: string = CONSOLE_KEYS.analyst) => (await ctx.ledger.http.get(path).set('X-API-Key', key).expect(200)).body;

  describe('challenges', () => {
    it('lists the API\'s first page of challenges with their awards by role charted, pages on, and opens a leaderboard equal to the API\'s', async () => {
      const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/challenges');

      type Share = { share: string | null };
      type Challenge = { challengeId: string; name: string; awardsByRole: { sales: Share; presales: Share; technical: Share } };
      const first = await api('/challenges?limit=20');
      const challenges = first.items as Challenge[];
      expect(challenges.length).toBeGreaterThan(0);
      const rows = await rowsOf(page, 'Challenges, the latest to start first');
      expect(rows.map((r) => r[0])).toEqual(challenges.map((c) => c.name));
      expect(await linksOf(page, 'Challenges, the latest to start first')).toEqual(challenges.map((c) => `#/challenges/${c.challengeId}`));
      // The technical and pre-sales share is the sum of the two roles' shares the API gives.
      const shares = await page.getByRole('table', { name: 'Challenges, the latest to start first' }).locator('tbody [data-value]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
      const tenths = (share: string | null) => Math.round(Number(share) * 10);
      expect(shares.map((s) => (s === '' ? null : tenths(s)))).toEqual(
        challenges.map((c) => (c.awardsByRole.presales.share === null ? null : tenths(c.awardsByRole.presales.share) + tenths(c.awardsByRole.technical.share))),
      );
      expect(shares.some((s) => s !== '' && Number(s) > 0)).toBe(true);

      const points = await chartPoints(page);
      expect(points).toEqual([3 * challenges.length]);
      await screenshot(page, 'challenges');

      if (first.nextCursor) {
        await page.getByRole('link', { name: 'Next ›' }).click();
        await settled(page);
        const second = await api(`/challenges?limit=20&cursor=${encodeURIComponent(first.nextCursor as string)}`);
        expect((await rowsOf(page, 'Challenges, the latest to start first')).map((r) => r[0])).toEqual((second.items as Challenge[]).map((c) => c.name));
        await page.goBack();
        await settled(page);
      }

      // The leaderboard of the first challenge with awards, opened from the list.
      const chosen = challenges.find((c) => c.awardsByRole.sales.share !== null) ?? challenges[0];
      await page.getByRole('link', { name: chosen.name, exact: true }).click();
      await page.getByRole('heading', { name: chosen.name, level: 1 }).waitFor();
      await settled(page);
      expect(page.url()).toContain(`#/challenges/${chosen.challengeId}`);
      const board = await api(`/challenges/${chosen.challengeId}/leaderboard?limit=20`);
      const standings = board.items as { rank: number; partnerId: string; value: number | string }[];
      expect(standings.length).toBeGreaterThan(0);
      const boardCaption = /^Leaderboard of /;
      const boardRows = await rowsOf(page, boardCaption);
      expect(boardRows.map((r) => [Number(r[0]), r[1]])).toEqual(standings.map((s) => [s.rank, s.partnerId]));
      expect(await linksOf(page, boardCaption)).toEqual(standings.map((s) => `#/partners/${s.partnerId}`));
      const values = await page.getByRole('table', { name: boardCaption }).locator('tbody [data-value]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
      expect(values).toEqual(standings.map((s) => String(s.value)));
      const roles = await rowsOf(page, 'Incentives awarded by role');
      const detail = await api(`/challenges/${chosen.challengeId}`);
      expect(roles.map((r) => r[1])).toEqual(['sales', 'presales', 'technical'].map((role) => String(detail.awardsByRole[role].count)));
      for (const p of await chartPoints(page)) expect(p).toBeGreaterThan(0);
      await screenshot(page, 'challenge-leaderboard');
      expect(errors).toEqual([]);
    });

    it('says so when a challenge does not exist', async () => {
      const { page } = await openPage(ctx.browser);
      await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.auditor, '#/challenges/no-such-challenge');
      await page.getByRole('alert').filter({ hasText: '404' }).waitFor();
    });
  });

  describe('margins', () => {
    const ALERTS = /^Deal lines below the guaranteed minimum margin/;
    const PARTNERS = /^Worst partners by margin rate/;
    const PRODUCTS = /^Worst products by margin rate/;
    type Group = { partnerId?: string; productLine?: string; product?: string; marginRate: string | null };
    type Alert = { leadId: string; partnerId: string; product: string; rate: string };
    const lineChartPoints = (page: Page) => page.locator('figure.margin-line figure.chart').evaluateAll((f) => f.map((x) => Number(x.getAttribute('data-points'))));

    /** The page's tables equal the API's first pages for the range (to is the month after `through`: the API's end is exclusive). */
    async function expectTablesOf(page: Page, from: string, to: string) {
      const range = `from=${from}&to=${to}`;
      const alerts = (await api(`/margins/alerts?${range}&limit=20`)).items as Alert[];
      expect((await rowsOf(page, ALERTS)).map((r) => [r[2], r[4], r[7]])).toEqual(alerts.map((a) => [a.leadId, a.product, `${a.rate}%`]));
      const partners = (await api(`/margins?groupBy=partner&sort=marginRate&${range}&limit=10`)).items as Group[];
      expect(partners.length).toBeGreaterThan(0);
      expect(await page.getByRole('table', { name: PARTNERS }).locator('tbody [data-value]').evaluateAll((c) => c.map((x) => x.getAttribute('data-value')))).toEqual(partners.map((g) => g.marginRate ?? ''));
      expect(await linksOf(page, PARTNERS)).toEqual(partners.map((g) => `#/partners/${g.partnerId}`));
      const products = (await api(`/margins?groupBy=product&sort=marginRate&${range}&limit=10`)).items as Group[];
      expect((await rowsOf(page, PRODUCTS)).map((r) => [r[0], r[1], r[4]])).toEqual(products.map((g) => [g.productLine, g.product, g.marginRate === null ? '—' : `${g.marginRate}%`]));
      return { alerts, partners, products };
    }

    it('charts every product line against its minimum, and lists the API\'s alerts and worst partners and products for the range', async () => {
      const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/margins');
      const from = await page.getByLabel('From').inputValue();
      const through = await page.getByLabel('Through').inputValue();
      // The default range: the twelve months of the program's drift.
      const drift = (await api('/margins/drift?months=12')).months as { month: string }[];
      expect([from, through]).toEqual([drift[0].month, drift[11].month]);

      const program = await api('/program');
      const lines = page.locator('figure.margin-line');
      expect(await lines.evaluateAll((figures) => figures.map((f) => f.getAttribute('data-line')))).toEqual(program.productLines);
      const minimums = await lines.evaluateAll((figures) => figures.map((f) => f.getAttribute('data-minimum')));
      expect(minimums).toEqual((program.productLines as string[]).map((line) => {
        const rule = program.minimumMargins[line] as string | { minimum: string };
        return String(Number(typeof rule === 'string' ? rule : rule.minimum));
      }));
      for (const points of await lineChartPoints(page)) expect(points).toBe(2 * 12);

      const { alerts } = await expectTablesOf(page, from, nextMonth(through));
      expect(alerts.length).toBeGreaterThan(0);
      await screenshot(page, 'margins');
      expect(errors).toEqual([]);
    });

    it('asks the API for another range when one is picked, and shows its answer', async () => {
      const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.auditor, '#/margins');
      const before = await rowsOf(page, PRODUCTS);
      await page.getByLabel('From').fill('2024-01');
      await page.getByLabel('Through').fill('2024-06');
      const asked = page.waitForRequest((request) => request.url().includes('/margins/alerts?') && request.url().includes('from=2024-01') && request.url().includes('to=2024-07'));
      await page.getByRole('button', { name: 'Show these months' }).click();
      await asked;
      await settled(page);
      expect(page.url()).toContain('from=2024-01');
      expect(page.url()).toContain('through=2024-06');
      const { products } = await expectTablesOf(page, '2024-01', '2024-07');
      expect(products.length).toBeGreaterThan(0);
      expect(await rowsOf(page, PRODUCTS)).not.toEqual(before);
      for (const points of await lineChartPoints(page)) expect(points).toBe(2 * 6);
      await screenshot(page, 'margins-range');

      // A range the wrong way round is refused in the form, before any request.
      await page.getByLabel('From').fill('2024-09');
      await page.getByLabel('Through').fill('2024-02');
      await page.getByRole('button', { name: 'Show these months' }).click();
      await page.getByRole('alert').filter({ hasText: 'comes after' }).waitFor();
      expect(page.url()).toContain('from=2024-01');

      // One the wrong way round in the address gives way to the default range.
      await page.goto(`${ctx.consoleUrl}#/margins?from=2025-09&through=2024-01`);
      await settled(page);
      const drift = (await api('/margins/drift?months=12')).months as { month: string }[];
      expect(await page.getByLabel('From').inputValue()).toBe(drift[0].month);
      expect(errors).toEqual([]);
    });
  });

  describe('at risk', () => {
    const QUIET = /^Partners with no lead, deal, certification or engagement/;
    const FALLING = /^Partners whose tier would fall/;
    type Quiet = { partnerId: string; name: string; daysSinceLastActivity: number };
    type Falling = { partnerId: string; name: string; tier: string; wouldBecome: string };

    async function expectListsOf(page: Page, query: string) {
      const answer = await api(`/partners/at-risk?limit=25${query}`);
      const quiet = answer.items as Quiet[];
      const rows = await rowsOf(page, QUIET);
      expect(rows.map((r) => r[0])).toEqual(quiet.map((p) => p.name));
      expect(await linksOf(page, QUIET)).toEqual(quiet.map((p) => `#/partners/${p.partnerId}`));
      expect(await chartPoints(page)).toEqual([quiet.length]);
      const falling = answer.tierAtRisk as Falling[];
      expect((await rowsOf(page, FALLING)).map((r) => [r[0], r[1], r[2]])).toEqual(falling.map((t) => [t.name, t.tier, t.wouldBecome]));
      expect(await linksOf(page, FALLING)).toEqual(falling.map((t) => `#/partners/${t.partnerId}`));
      return answer as { days: number; items: Quiet[]; tierAtRisk: Falling[]; nextCursor: string | null };
    }

    it('lists the API\'s quiet partners and falling tiers, and another quiet period changes the list to the API\'s for it', async () => {
      const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.admin, '#/at-risk');
      const program = await api('/program');
      const first = await expectListsOf(page, '');
      expect(first.days).toBe(program.atRiskAfterDays);
      expect(first.items.length).toBeGreaterThan(0);
      await screenshot(page, 'at-risk');

      // The demo's history ends well before now: a longer quiet period leaves fewer partners.
      const longest = first.items[0].daysSinceLastActivity;
      const days = longest - 5;
      await page.getByLabel('Quiet for at least (days)').fill(String(days));
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByRole('group', { name: 'Quiet period' }).locator(`[data-value="${days}"]`).waitFor();
      await settled(page);
      expect(page.url()).toContain(`days=${days}`);
      const longer = await expectListsOf(page, `&days=${days}`);
      expect(longer.items.length).toBeGreaterThan(0);
      expect(longer.items.length).toBeLessThan(first.items.length);

      // Judged inside the demo's history (the first day of its last month sold in), a month's quiet: the list the API gives for that day.
      const day = `${(await api('/margins/drift?months=1')).months[0].month}-01`;
      await page.getByLabel('Quiet for at least (days)').fill('30');
      await page.getByLabel('As of (start of the day, UTC)').fill(day);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByRole('group', { name: 'Quiet period' }).locator('[data-value="30"]').waitFor();
      await settled(page);
      const then = await expectListsOf(page, `&days=30&asOf=${day}T00:00:00Z`);
      expect(then.items.map((p) => p.partnerId)).not.toEqual(first.items.map((p) => p.partnerId));
      await screenshot(page, 'at-risk-as-of');
      expect(errors).toEqual([]);
    });
  });

  it('shows none of these pages to a publisher key, and says why when one is opened', async () => {
    const { page } = await openPage(ctx.browser);
    // Not signIn(): a publisher's navigation may hold no page at all, so it is not waited for.
    await page.goto(`${ctx.consoleUrl}#/margins`);
    await page.getByLabel('API key').fill(CONSOLE_KEYS.publisher);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not for this key' }).waitFor();
    for (const title of ['Challenges', 'Margins', 'At risk']) expect(await page.getByRole('link', { name: title, exact: true }).count()).toBe(0);
  });
});

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(year, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
