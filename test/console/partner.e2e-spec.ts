import type { Page } from 'playwright-core';
import type { Json } from '../e2e/support/ledger-api';
import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled, signIn } from './support/console-ledger';

type Dom = { document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }> } };

/** The texts (or an attribute) of the elements a selector finds, in order, as the page shows them now. */
function shown(page: Page, selector: string, attribute?: string): Promise<(string | null)[]> {
  return page.evaluate(({ selector, attribute }) => {
    const { document } = globalThis as unknown as Dom;
    return Array.from(document.querySelectorAll(selector)).map((e) => (attribute ? e.getAttribute(attribute) : e.textContent));
  }, { selector, attribute });
}

/**
 * Waits until the page shows `expected` at `selector` (a filter or a page change re-renders
 * after the address changes), then asserts it, so a mismatch fails with both lists.
 */
async function expectShown(page: Page, selector: string, expected: (string | null)[], attribute?: string): Promise<void> {
  await page
    .waitForFunction(({ selector, attribute, expected }) => {
      const { document } = globalThis as unknown as Dom;
      const now = Array.from(document.querySelectorAll(selector)).map((e) => (attribute ? e.getAttribute(attribute) : e.textContent));
      return JSON.stringify(now) === JSON.stringify(expected);
    }, { selector, attribute, expected }, { timeout: 30_000 })
    .catch(() => undefined);
  expect(await shown(page, selector, attribute)).toEqual(expected);
}

const PAGE = 25;
const DAY_MS = 86_400_000;

/** A partner's page in a real browser, against a ledger holding the demo's history, compared with the API's answers. */
describe('console: partners and a partner', () => {
  const ctx = consoleLedger();
  const api = async (path: string, key: string = CONSOLE_KEYS.analyst): Promise<Json> => (await ctx.ledger.http.get(path).set('X-API-Key', key).expect(200)).body;
  let partners: Json[];
  beforeAll(async () => {
    partners = (await api('/partners?limit=500')).items;
    expect(partners.length).toBeGreaterThan(PAGE); // the demo's partners fill more than a page
  });
  const ids = (page: Json) => (page.items as Json[]).map((p) => p.partnerId);

  it('lists the API\'s partners a page at a time, filters them by typology, tier and country as the API does, and links each to its page', async () => {
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/partners');
    const idCells = 'table tbody td:nth-child(2) code';
    const first = await api(`/partners?limit=${PAGE}`);
    await expectShown(page, idCells, ids(first));
    await screenshot(page, 'partners');

    await page.getByRole('link', { name: 'Next ›' }).click();
    await expectShown(page, idCells, ids(await api(`/partners?limit=${PAGE}&cursor=${first.nextCursor}`)));

    await page.getByLabel('Typology').selectOption('var');
    await expectShown(page, idCells, ids(await api(`/partners?limit=${PAGE}&typology=var`)));
    expect(page.url()).not.toContain('cursor='); // a filter starts from the first page

    await page.getByLabel('Typology').selectOption('');
    const tier = partners.find((p) => p.tier !== 'none')?.tier ?? 'none';
    await page.getByLabel('Tier').selectOption(tier);
    const tiered = await api(`/partners?limit=${PAGE}&tier=${tier}`);
    expect(tiered.items.length).toBeGreaterThan(0);
    await expectShown(page, idCells, ids(tiered));

    await page.getByLabel('Tier').selectOption('');
    // A country that is not two letters is said to be wrong, and not sent.
    const before = page.url();
    await page.getByLabel('Country').fill('D1');
    await page.getByLabel('Country').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Two letters' }).waitFor();
    expect(page.url()).toBe(before);
    const country = partners[0].territory.country as string;
    await page.getByLabel('Country').fill(country.toLowerCase());
    await page.getByLabel('Country').press('Enter');
    const inCountry = await api(`/partners?limit=${PAGE}&country=${country}`);
    await expectShown(page, idCells, ids(inCountry));
    expect(ids(inCountry).length).toBeLessThan(partners.length);
    await screenshot(page, 'partners-filtered');

    const target = inCountry.items[0];
    await page.getByRole('link', { name: target.name, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: target.name }).waitFor();
    expect(page.url()).toContain(`#/partners/${target.partnerId}`);
    await settled(page);
    expect(errors).toEqual([]);
  });

  it('shows a partner\'s profile with the API\'s figures: who it is, its activity, tier, certifications expiring soon and sanctions', async () => {
    // A partner that was carded, so the sanctions shown are not all zero.
    const carded = partners.find((p) => p.sanctions.yellowCards + p.sanctions.redCards > 0);
    expect(carded).toBeDefined();
    const id = carded!.partnerId as string;
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, `#/partners/${id}`);
    const partner = await api(`/partners/${id}`);
    const tier = await api(`/partners/${id}/tier`);
    const field = (name: string) => page.locator(`dd[data-field="${name}"]`).textContent();
    expect(await field('partnerId')).toBe(partner.partnerId);
    expect(await field('name')).toBe(partner.name);
    expect(await field('typology')).toBe(partner.typology);
    expect(await field('territory')).toBe([partner.territory.country, partner.territory.region].filter(Boolean).join(' · '));
    expect(await page.locator('dd[data-field="registeredAt"]').getAttribute('data-value')).toBe(partner.registeredAt);
    expect(await field('tier')).toBe(partner.tier);
    expect(Number(await field('yellowCards'))).toBe(partner.sanctions.yellowCards);
    expect(Number(await field('redCards'))).toBe(partner.sanctions.redCards);
    const suspended = partner.sanctions.suspendedUntil !== null && Date.parse(partner.sanctions.suspendedUntil) > Date.now();
    expect(await page.locator('[data-standing]').getAttribute('data-standing')).toBe(suspended ? 'suspended' : partner.sanctions.activeYellowUntil && Date.parse(partner.sanctions.activeYellowUntil) > Date.now() ? 'warned' : 'served');

    const tile = (label: string) => page.getByRole('group', { name: label }).locator('[data-value]').first().getAttribute('data-value');
    expect(await tile('Revenue won, net of reversals')).toBe(partner.counters.netRevenue);
    expect(Number(await tile('Leads registered'))).toBe(partner.counters.leadsRegistered);
    expect(Number(await tile('Deals won'))).toBe(partner.counters.dealsWon);
    expect(Number(await tile('Certifications earned'))).toBe(partner.counters.certificationsEarned);
    expect(Number(await tile('Incentives awarded'))).toBe(partner.counters.incentivesAwarded);

    expect(await field('tierRecorded')).toContain(tier.tier);
    expect(await field('tierInForce')).toContain(tier.tierInForce);
    const engineers = page.getByRole('table', { name: 'Engineers holding a valid certification' }).locator('tbody tr');
    expect(await engineers.count()).toBe(Math.max(1, tier.engineers.length)); // an empty table says so in one row

    // Certifications expiring within a year of now, soonest first, as the partner's certified engineers give them.
    await page.getByLabel('Expiring within').selectOption('365');
    const now = Date.now();
    const expected = Object.values(partner.certifiedEngineers as Record<string, Json[]>)
      .flat()
      .map((e) => e.expiresAt as string | undefined)
      .filter((at): at is string => at !== undefined && Date.parse(at) >= now && Date.parse(at) < now + 365 * DAY_MS)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    await expectShown(page, 'section[aria-labelledby="expiring-heading"] tbody td:first-child [data-value]', expected, 'data-value');
    await screenshot(page, 'partner-profile');
    await page.setViewportSize({ width: 820, height: 1180 }); // a tablet held upright
    await screenshot(page, 'partner-profile-tablet');
    expect(errors).toEqual([]);
  });

  it('lists the partner\'s leads with their protection deadlines, and the status filter changes the rows to the API\'s', async () => {
    const busiest = [...partners].sort((a, b) => b.counters.leadsRegistered - a.counters.leadsRegistered)[0];
    const id = busiest.partnerId as string;
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, `#/partners/${id}?tab=leads`);
    const leadIds = 'table tbody td:first-child code';
    const leads = (page: Json) => (page.items as Json[]).map((l) => l.leadId);
    const all = await api(`/partners/${id}/leads?limit=${PAGE}`);
    expect(all.nextCursor).not.toBeNull(); // more than a page: the pager is exercised
    await expectShown(page, leadIds, leads(all));
    await expectShown(page, 'table tbody td:nth-child(7) [data-value]', (all.items as Json[]).map((l) => l.protectedUntil), 'data-value');

    // Counted by status over every page of the partner's leads.
    const counts: Record<string, number> = { open: 0, won: 0, lost: 0, expired: 0 };
    let cursor: string | null = null;
    do {
      const chunk: Json = await api(`/partners/${id}/leads?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      for (const lead of chunk.items as Json[]) counts[lead.status]++;
      cursor = chunk.nextCursor;
    } while (cursor);
    await expectShown(page, '.status-counts a', Object.values(counts).map(String), 'data-count');

    await page.getByRole('link', { name: 'Next ›' }).click();
    await expectShown(page, leadIds, leads(await api(`/partners/${id}/leads?limit=${PAGE}&cursor=${all.nextCursor}`)));

    await page.locator('.status-counts a[data-status="lost"]').click();
    const lost = await api(`/partners/${id}/leads?limit=${PAGE}&status=lost`);
    if (lost.items.length === 0) await expectShown(page, 'table tbody td.empty', ['Nothing to show for this view.']);
    else await expectShown(page, leadIds, leads(lost));
    expect(page.url()).not.toContain('cursor=');

    for (const status of ['won', 'expired', 'open']) {
      await page.getByRole('combobox', { name: /^Status/ }).selectOption(status);
      const filtered = await api(`/partners/${id}/leads?limit=${PAGE}&status=${status}`);
      if (filtered.items.length === 0) await expectShown(page, 'table tbody td.empty', ['Nothing to show for this view.']);
      else await expectShown(page, leadIds, leads(filtered));
      await expectShown(page, 'table tbody td:nth-child(2) .badge', (filtered.items as Json[]).map(() => status));
    }
    expect(page.url()).toContain('status=open');
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('won');
    await expectShown(page, leadIds, leads(await api(`/partners/${id}/leads?limit=${PAGE}&status=won`)));
    await screenshot(page, 'partner-leads');
    expect(errors).toEqual([]);
  });

  it('shows the co-op balance and the return per activity the API gives, with a chart that has data', async () => {
    let account: Json | undefined;
    for (const p of partners) {
      const candidate = await api(`/partners/${p.partnerId}/coop`);
      if ((candidate.activities as Json[]).some((a) => a.roi !== null)) {
        account = candidate;
        break;
      }
    }
    expect(account).toBeDefined(); // the demo's co-op program has claims that brought leads
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, `#/partners/${account!.partnerId}?tab=coop`);
    const tile = (label: string) => page.getByRole('group', { name: label }).locator('[data-value]').first().getAttribute('data-value');
    for (const [label, name] of [['Available', 'available'], ['Granted', 'granted'], ['Accrued', 'accrued'], ['Clawed back', 'clawedBack'], ['Pending', 'pending'], ['Approved', 'approved']]) {
      expect(await tile(label)).toBe(account![name]);
    }
    await expectShown(page, 'table tbody td:first-child', (account!.activities as Json[]).map((a) => a.activity));
    await expectShown(page, 'table tbody td:last-child [data-value]', (account!.activities as Json[]).map((a) => a.roi ?? ''), 'data-value');
    expect(Number(await page.locator('figure.chart').getAttribute('data-points'))).toBeGreaterThan(0);
    await screenshot(page, 'partner-coop');
    expect(errors).toEqual([]);
  });

  it('charts twelve monthly scorecards against their targets, equal to the API\'s scorecards of those months', async () => {
    const best = [...partners].sort((a, b) => Number(b.counters.revenueWon) - Number(a.counters.revenueWon))[0];
    const id = best.partnerId as string;
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.analyst, `#/partners/${id}?tab=scorecards`);
    const through = await page.getByLabel('Last month shown').inputValue();
    const [year, month] = through.split('-').map(Number);
    const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(year, month - 12 + i, 1)).toISOString().slice(0, 7));
    const cards = await Promise.all(months.map((m) => api(`/partners/${id}/scorecards/${m}`)));
    await expectShown(page, 'table tbody td:nth-child(2) [data-value]', cards.map((c) => c.revenueWon), 'data-value');
    expect(cards.some((c) => Number(c.revenueWon) > 0)).toBe(true); // the demo's best partner sold in its last year
    const chart = page.locator('figure.chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toContain('against its target');
    await screenshot(page, 'partner-scorecards');

    await page.getByLabel('Metric').selectOption('dealsWon');
    await expectShown(page, 'table tbody td:nth-child(2) [data-value]', cards.map((c) => String(c.dealsWon)), 'data-value');
    expect(errors).toEqual([]);
  });

  it('pages through the partner\'s history as the API does, and an event opens to its full envelope with its hash', async () => {
    const id = partners[0].partnerId as string;
    const { page, errors } = await openConsole(ctx, CONSOLE_KEYS.auditor, `#/partners/${id}?tab=history`);
    const events = (page: Json) => (page.items as Json[]).map((e) => e.eventId);
    const first = await api(`/partners/${id}/history?limit=${PAGE}`, CONSOLE_KEYS.auditor);
    expect(first.nextCursor).not.toBeNull();
    await expectShown(page, 'ol.timeline > li', events(first), 'data-event-id');

    await page.getByRole('link', { name: 'Next ›' }).click();
    const second = await api(`/partners/${id}/history?limit=${PAGE}&cursor=${first.nextCursor}`, CONSOLE_KEYS.auditor);
    await expectShown(page, 'ol.timeline > li', events(second), 'data-event-id');

    const event = second.items[0];
    const item = page.locator(`li[data-event-id="${event.eventId}"]`);
    expect(await item.locator('pre.envelope').isVisible()).toBe(false);
    await item.locator('summary').click();
    await item.locator('pre.envelope').waitFor();
    expect(await item.locator('dd[data-field="hash"]').textContent()).toBe(event.metadata.hash);
    expect(await item.locator('dd[data-field="prevHash"]').textContent()).toBe(event.metadata.prevHash);
    expect(JSON.parse((await item.locator('pre.envelope').textContent())!)).toEqual(event);
    await screenshot(page, 'partner-history');
    expect(errors).toEqual([]);
  });

  it('shows the history to an auditor key and not to an analyst key, and the scorecards the other way round', async () => {
    const id = partners[0].partnerId as string;
    const tabs = async (key: string) => {
      const { page, errors } = await openConsole(ctx, key, `#/partners/${id}?tab=history`);
      const names = await page.getByRole('navigation', { name: 'Partner sections' }).getByRole('link').allTextContents();
      const history = await page.locator('ol.timeline').count();
      expect(errors).toEqual([]);
      return { names, history, page };
    };
    const analyst = await tabs(CONSOLE_KEYS.analyst);
    expect(analyst.names).toEqual(['Profile', 'Leads', 'Co-op', 'Scorecards']);
    expect(analyst.history).toBe(0); // asked for the history, shown the profile
    expect(await analyst.page.locator('dd[data-field="name"]').count()).toBe(1);
    await ctx.ledger.http.get(`/partners/${id}/history`).set('X-API-Key', CONSOLE_KEYS.analyst).expect(403);

    const auditor = await tabs(CONSOLE_KEYS.auditor);
    expect(auditor.names).toEqual(['Profile', 'Leads', 'Co-op', 'History']);
    expect(auditor.history).toBe(1);
    await screenshot(auditor.page, 'partner-auditor');

    // A publisher reads no read model: no Partners page in its navigation, and the address alone does not open it.
    const { page } = await openPage(ctx.browser);
    await page.goto(`${ctx.consoleUrl}#/partners`);
    await page.getByLabel('API key').fill(CONSOLE_KEYS.publisher);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByText('publisher-desk').waitFor();
    expect(await page.getByRole('link', { name: 'Partners' }).count()).toBe(0);
    expect(await page.getByRole('alert').textContent()).toContain('may not see the Partners page');
  });

  it('tells plainly that an unknown partner is not registered', async () => {
    const { page, errors } = await openPage(ctx.browser);
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst, '#/partners/no-such-partner');
    await page.getByRole('heading', { level: 1, name: 'Partner not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('No partner “no-such-partner” is registered');
    await ctx.ledger.http.get('/partners/no-such-partner').set('X-API-Key', CONSOLE_KEYS.analyst).expect(404);
    await screenshot(page, 'partner-not-found');
    // The browser logs the 404 answers themselves; nothing else may fail.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
