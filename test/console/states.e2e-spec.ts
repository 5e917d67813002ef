import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled, signIn } from './support/console-ledger';

type Dom = {
  document: { documentElement: { scrollWidth: number }; activeElement: { textContent: string | null } | null };
  innerWidth: number;
  sessionStorage: { setItem(name: string, value: string): void };
};

/** What a person sees when things are not as they should be, and the console on a tablet and from the keyboard. */
describe('console: states, tablet and keyboard', () => {
  const ctx = consoleLedger({ events: 2500 });

  it('asks for the key again when the one the tab holds is refused (revoked or expired)', async () => {
    const { page } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/overview');
    // The key this tab keeps is no longer one the ledger accepts, as after a revocation.
    await page.evaluate(() => (globalThis as unknown as Dom).sessionStorage.setItem('partner-ledger.api-key', 'revoked-key-0000000000000'));
    await page.getByRole('link', { name: '24 months' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your key was refused' }).waitFor();
    expect(await page.getByLabel('API key').count()).toBe(1);
    await screenshot(page, 'state-key-refused');
  });

  it('fits a tablet screen without sideways scrolling, and is usable from the keyboard', async () => {
    const { page, errors } = await openPage(ctx.browser, { viewport: { width: 768, height: 1024 } });
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst, '#/overview');
    await settled(page);
    const overflow = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as Dom;
      return document.documentElement.scrollWidth - innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'overview-tablet');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab'); // the brand
    await page.keyboard.press('Tab'); // the first page in the navigation
    expect(await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.textContent)).toBe('Overview');
    expect(errors).toEqual([]);
  });

  it('says the ledger cannot be reached when it is down', async () => {
    const { page } = await openConsole(ctx, CONSOLE_KEYS.analyst, '#/overview');
    await ctx.ledger.app.close();
    await page.getByRole('link', { name: '24 months' }).click();
    await page.getByRole('alert').filter({ hasText: 'The ledger cannot be reached' }).first().waitFor();
    await screenshot(page, 'state-ledger-down');
  });
});

describe('console: read models behind the link it follows', () => {
  // The projector is off: what is recorded now is not projected, and a read asking for it answers 504 after half a second.
  const ctx = consoleLedger({ events: 600, partners: 20, env: { PROJECTOR_ENABLED: 'false', QUERY_WAIT_MS: '500' } });

  it('says the read models are still catching up when a link asks for a position they have not reached (504), and offers to retry', async () => {
    const { body } = await ctx.ledger.http.post('/partners').set('X-API-Key', CONSOLE_KEYS.publisher).send({ name: 'Late Partner', typology: 'isv', territory: { country: 'ES' } }).expect(201);
    const { page } = await openPage(ctx.browser);
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst, `#/overview?minPosition=${body.position}`);
    await page.getByRole('alert').filter({ hasText: 'still catching up' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'state-read-models-behind');
  });

  it('says a link asks for a position beyond the ledger\'s head', async () => {
    const { page } = await openPage(ctx.browser);
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.analyst, '#/overview?minPosition=99999999');
    await page.getByRole('alert').filter({ hasText: 'beyond' }).first().waitFor();
  });
});

describe('console: a ledger without keys (development)', () => {
  const ctx = consoleLedger({ keys: false, events: 1500, partners: 30 });

  it('opens without asking for a key and says the ledger is open', async () => {
    const { page, errors } = await openPage(ctx.browser);
    await page.goto(`${ctx.consoleUrl}#/overview`);
    await page.getByText('Open ledger (no API keys configured)').waitFor();
    await settled(page);
    expect(await page.getByLabel('API key').count()).toBe(0);
    await screenshot(page, 'overview-open-ledger');
    expect(errors).toEqual([]);
  });
});
