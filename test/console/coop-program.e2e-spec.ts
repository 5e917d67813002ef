import type { Page } from 'playwright-core';
import type { Json } from '../e2e/support/ledger-api';
import { screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled } from './support/console-ledger';

type Key = (typeof CONSOLE_KEYS)[keyof typeof CONSOLE_KEYS];

/** What a table shows: each cell's exact figure (data-value) where it has one, else its text. */
async function tableCells(page: Page, caption: string | RegExp): Promise<{ body: string[][]; foot: string[][] }> {
  const table = page.locator('table').filter({ has: page.locator('caption', { hasText: caption }) });
  type Cell = { textContent: string | null; querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  type Row = { querySelectorAll(selector: string): ArrayLike<Cell> };
  type Table = { querySelectorAll(selector: string): ArrayLike<Row> };
  return table.evaluate((element) => {
    const cells = (row: Row) => Array.from(row.querySelectorAll('td')).map((td) => td.querySelector('[data-value]')?.getAttribute('data-value') ?? (td.textContent ?? '').trim());
    const t = element as unknown as Table;
    return { body: Array.from(t.querySelectorAll('tbody tr')).map(cells), foot: Array.from(t.querySelectorAll('tfoot tr')).map(cells) };
  });
}

/** The co-op and program pages in a real browser, against a ledger holding the demo's history. */
describe('console: co-op and program', () => {
  const ctx = consoleLedger();
  const get = async (path: string, key: Key = CONSOLE_KEYS.admin): Promise<Json> => (await ctx.ledger.http.get(path).set('X-API-Key', key).expect(200)).body;
  const returns = (r: Json) => [r.spend, String(r.leadsAttributed), String(r.dealsWon), r.revenueWon, r.roi ?? ''];

  it('shows the return by activity, typology and tier equal to GET /coop/roi, with charts, and an analyst the waiting claims with no approve button', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/coop');
    for (const groupBy of ['activity', 'typology', 'tier']) {
      const roi = await get(`/coop/roi?groupBy=${groupBy}`, CONSOLE_KEYS.analyst);
      const shown = await tableCells(page, `Return on co-op spend by ${groupBy}, every claim`);
      const expected = (roi.items as Json[]).map((item) => [item[groupBy], ...returns(item)]);
      expect([...shown.body].sort()).toEqual([...expected].sort());
      expect(shown.foot).toEqual([['All claims', ...returns(roi.total)]]);
    }
    expect(Number((await get('/coop/roi', CONSOLE_KEYS.analyst)).total.spend)).toBeGreaterThan(0); // the demo approved claims: the figures are not all zeros
    const points = await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => Number(f.getAttribute('data-points'))));
    expect(points).toHaveLength(3);
    for (const count of points) expect(count).toBeGreaterThan(0);

    const waiting = await get('/coop/claims?status=pending&limit=20', CONSOLE_KEYS.analyst);
    expect(waiting.items.length).toBeGreaterThan(0);
    const claims = await tableCells(page, /^Co-op claims: waiting for approval/);
    expect(claims.body.map((row) => row[0])).toEqual((waiting.items as Json[]).map((c) => c.claimId));
    expect(await page.getByRole('button', { name: /^(Approve|Reject) claim/ }).count()).toBe(0);
    await screenshot(page, 'coop');
    expect(errors).toEqual([]);
  });

  it('sums the claims submitted in a window of months as GET /coop/roi does for it', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/coop?from=2024-09&through=2025-02');
    expect(await page.getByLabel('Submitted from (month)').inputValue()).toBe('2024-09');
    // "Through" includes its month: the API's `to` is the next one's first instant, excluded.
    const roi = await get('/coop/roi?groupBy=activity&from=2024-09&to=2025-03', CONSOLE_KEYS.analyst);
    const shown = await tableCells(page, /^Return on co-op spend by activity, claims submitted \S+ 2024 to \S+ 2025$/);
    expect(shown.body).toEqual((roi.items as Json[]).map((item) => [item.activity, ...returns(item)]));
    expect(shown.foot).toEqual([['All claims', ...returns(roi.total)]]);
    expect(roi.total.spend).not.toBe((await get('/coop/roi', CONSOLE_KEYS.analyst)).total.spend);
    expect(errors).toEqual([]);
  });

  describe('an admin deciding claims', () => {
    let partnerId: string;
    const claimIds = { approve: 'console-claim-approve', reject: 'console-claim-reject', refused: 'console-claim-refused' };

    // Claims of the suite's own, so that what is decided does not depend on what the demo left waiting.
    beforeAll(async () => {
      const partners = (await get('/partners?limit=100')).items as Json[];
      for (const partner of partners) {
        if (Number((await get(`/partners/${partner.partnerId}/coop`)).available) >= 200) {
          partnerId = partner.partnerId;
          break;
        }
      }
      expect(partnerId).toBeDefined();
      let position = '0';
      for (const [what, claimId] of Object.entries(claimIds)) {
        const { body } = await ctx.ledger.http.post(`/partners/${partnerId}/coop/claims`).set('X-API-Key', CONSOLE_KEYS.publisher)
          .send({ claimId, activity: 'seminar', amount: '50.00', description: `Console check: a seminar to ${what}` }).expect(201);
        position = body.position;
      }
      const pending = await get(`/coop/claims?partnerId=${partnerId}&status=pending&minPosition=${position}`);
      expect((pending.items as Json[]).map((c) => c.claimId)).toEqual(expect.arrayContaining(Object.values(claimIds)));
    });

    const openClaims = () => openConsole(ctx, CONSOLE_KEYS.admin, `#/coop?partner=${partnerId}`);
    const openDecision = async (page: Page, verb: 'Approve' | 'Reject', claimId: string) => {
      await page.getByRole('button', { name: `${verb} claim ${claimId}` }).click();
      const dialog = page.getByRole('dialog', { name: `${verb} this claim?` });
      await dialog.waitFor();
      return dialog;
    };
    const waitingIds = async (page: Page) => (await tableCells(page, `Co-op claims of ${partnerId}: waiting for approval`)).body.map((row) => row[0]);
    /** The waiting list once it no longer holds `claimId`: it is read again after a decision, a moment after the notice shows. */
    const waitingWithout = async (page: Page, claimId: string) => {
      const until = Date.now() + 20_000;
      let ids = await waitingIds(page);
      while (ids.includes(claimId) && Date.now() < until) {
        await page.waitForTimeout(100);
        await settled(page);
        ids = await waitingIds(page);
      }
      return ids;
    };
    const claimOf = async (claimId: string) => ((await get(`/coop/claims?partnerId=${partnerId}`)).items as Json[]).find((c) => c.claimId === claimId)!;

    it('approves a claim after a confirmation: it leaves the waiting list and the API says it is approved', async () => {
      const { page, errors } = await openClaims();
      expect(await waitingIds(page)).toEqual(expect.arrayContaining([claimIds.approve]));
      const dialog = await openDecision(page, 'Approve', claimIds.approve);
      await screenshot(page, 'coop-approve-dialog');
      await dialog.getByRole('button', { name: 'Approve claim' }).click();
      await page.getByRole('status').filter({ hasText: `Claim ${claimIds.approve} of ${partnerId} (€50.00) approved.` }).waitFor();
      await settled(page);
      const waiting = await waitingWithout(page, claimIds.approve);
      expect(waiting).not.toContain(claimIds.approve);
      expect(waiting).toContain(claimIds.reject);
      expect((await claimOf(claimIds.approve)).status).toBe('approved');
      await screenshot(page, 'coop-approved');
      expect(errors).toEqual([]);
    });

    it('rejects a claim only with a reason, which the API then shows', async () => {
      const { page, errors } = await openClaims();
      const dialog = await openDecision(page, 'Reject', claimIds.reject);
      expect(await dialog.getByRole('button', { name: 'Reject claim' }).isDisabled()).toBe(true);
      await dialog.getByLabel('Reason for rejecting').fill('No proof of the seminar was attached');
      await screenshot(page, 'coop-reject-dialog');
      await dialog.getByRole('button', { name: 'Reject claim' }).click();
      await page.getByRole('status').filter({ hasText: `Claim ${claimIds.reject} of ${partnerId} (€50.00) rejected.` }).waitFor();
      await settled(page);
      expect(await waitingWithout(page, claimIds.reject)).not.toContain(claimIds.reject);
      const rejected = await claimOf(claimIds.reject);
      expect([rejected.status, rejected.reason]).toEqual(['rejected', 'No proof of the seminar was attached']);
      expect(errors).toEqual([]);
    });

    it('says so clearly when the ledger refuses a decision (someone decided the claim meanwhile)', async () => {
      const { page, errors } = await openClaims();
      const dialog = await openDecision(page, 'Approve', claimIds.refused);
      await ctx.ledger.http.post(`/coop/claims/${claimIds.refused}/reject`).set('X-API-Key', CONSOLE_KEYS.admin).send({ reason: 'Decided elsewhere' }).expect(201);
      await dialog.getByRole('button', { name: 'Approve claim' }).click();
      const alert = page.getByRole('alert').filter({ hasText: `Claim ${claimIds.refused} was not approved` });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('409 COOP_CLAIM_NOT_PENDING');
      await settled(page);
      await screenshot(page, 'coop-refused');
      expect((await claimOf(claimIds.refused)).status).toBe('rejected');
      // The browser logs the 409 answer itself; nothing else may go wrong.
      expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    });
  });

  it('shows the version in force and every version, each with its rules and what it changed', async () => {
    const inForce = await get('/program', CONSOLE_KEYS.analyst);
    const versions = (await get('/program/versions', CONSOLE_KEYS.analyst)).items as Json[];
    expect(versions.length).toBeGreaterThanOrEqual(2); // the demo publishes a second version
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/program');
    expect(await page.locator('.in-force').getAttribute('data-version')).toBe(String(inForce.version));
    expect(await page.getByRole('heading', { name: `Rules of version ${inForce.version}` }).count()).toBe(1);
    const listed = await tableCells(page, /^The program's versions/);
    expect(listed.body.map((row) => row.slice(0, 3))).toEqual(versions.map((v) => [
      `Version ${v.version}`, v.version === 1 ? 'From the start' : v.effectiveFrom.slice(0, 10), v.version === inForce.version ? 'in force' : v.version < inForce.version ? 'superseded' : 'scheduled',
    ]));
    expect(await page.locator('[data-rule="leadProtectionDays"]').textContent()).toBe(`${inForce.leadProtectionDays} days`);
    // The demo's second version shortens lead protection: the change is listed with both values.
    const [first, second] = versions;
    expect(first.leadProtectionDays).not.toBe(second.leadProtectionDays);
    await page.getByRole('link', { name: 'Version 2', exact: true }).click();
    const changes = await tableCells(page, 'Rules that version 2 changed');
    expect(changes.body).toContainEqual(['Lead protection (days)', String(first.leadProtectionDays), String(second.leadProtectionDays)]);
    await screenshot(page, 'program');

    await page.getByRole('link', { name: 'Version 1', exact: true }).click();
    await page.getByRole('heading', { name: /^Rules of version 1 / }).waitFor();
    expect(await page.locator('[data-rule="leadProtectionDays"]').textContent()).toBe(`${first.leadProtectionDays} days`);
    expect(page.url()).toContain('version=1');
    await screenshot(page, 'program-version-1');
    expect(errors).toEqual([]);
  });

  it('shows a publisher key the Program page only', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.publisher);
    const nav = page.getByRole('banner').getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Program']);
    expect(await page.getByRole('link', { name: 'Partner Ledger' }).getAttribute('href')).toBe('#/program');
    await page.getByRole('heading', { name: 'Program', level: 1 }).waitFor();
    expect(await page.locator('.in-force').getAttribute('data-version')).toBe(String((await get('/program', CONSOLE_KEYS.publisher)).version));
    await screenshot(page, 'program-publisher');
    await page.goto(`${ctx.consoleUrl}#/coop`);
    await page.getByRole('alert').filter({ hasText: 'Not for this key' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Co-op' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
