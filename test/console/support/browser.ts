import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * Headless Chromium from the machine's own package (Debian's `chromium`; `.ci/run` installs it),
 * driven by playwright-core: no browser is downloaded. The flags keep it off the network
 * beyond the ledger on loopback.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium), or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Where the suites save a screenshot of every page (CI prints it). */
export const SCREENSHOTS = resolve(process.env['CONSOLE_SCREENSHOTS_DIR'] ?? join(__dirname, '../../../artifacts/console-screenshots'));

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface WatchedPage {
  page: Page;
  /** Errors the page logged or threw (console.error, uncaught exceptions, failed requests). */
  errors: string[];
}

/**
 * A page in a fresh context (its own sessionStorage), recording every console error, uncaught
 * exception and failed request, so a test can require none.
 */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A load that a newer one replaced (filters changed) is aborted on purpose.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return { page, errors };
}
