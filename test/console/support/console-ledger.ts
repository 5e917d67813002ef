import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runDemoCommand } from '../../../apps/ledger/src/cli/demo/demo-command';
import { openLedgerContext } from '../../../apps/ledger/src/cli/ledger-context';
import { loadConfig } from '../../../apps/ledger/src/config/ledger-config';
import { RunningLedger, startLedger } from '../../e2e/support/ledger-harness';
import { launchBrowser, openPage, WatchedPage } from './browser';
import { buildConsole } from './console-build';

/** One key per role, as an operator would configure them. */
export const CONSOLE_KEYS = {
  publisher: 'console-publisher-0123456789',
  analyst: 'console-analyst-0123456789ab',
  auditor: 'console-auditor-0123456789ab',
  admin: 'console-admin-0123456789abcd',
} as const;

const API_KEYS = JSON.stringify(Object.entries(CONSOLE_KEYS).map(([role, key]) => ({ name: `${role}-desk`, roles: [role], key })));

export interface ConsoleLedger {
  ledger: RunningLedger;
  browser: Browser;
  /** http://127.0.0.1:<port>/console/ */
  consoleUrl: string;
}

/**
 * A suite's ledger for the console: the demo generator's history (small, same shape as the
 * 100k demo) in a fresh folder, the console built from its sources, API keys for every role,
 * and headless Chromium. `keys: false` starts it open (no keys, as in development); `env` adds settings.
 */
export function consoleLedger(options: { partners?: number; events?: number; keys?: boolean; env?: Record<string, string> } = {}) {
  const state = {} as ConsoleLedger & { dataDir: string; removeBuild(): void };
  beforeAll(async () => {
    const build = buildConsole();
    state.removeBuild = build.remove;
    state.dataDir = await mkdtemp(join(tmpdir(), 'ledger-console-data-'));
    const context = await openLedgerContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: state.dataDir, LOG_LEVEL: 'error', SQLITE_SYNCHRONOUS: 'NORMAL' }), { coopReactions: true });
    try {
      await runDemoCommand(context, { partners: options.partners ?? 60, events: options.events ?? 4000, seed: 42, months: 24, concurrency: 8 }, false);
    } finally {
      await context.close();
    }
    state.ledger = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' }, state.dataDir, {
      CONSOLE_DIR: build.dir,
      ...(options.keys === false ? {} : { LEDGER_API_KEYS: API_KEYS }),
      ...options.env,
    });
    state.consoleUrl = `${await state.ledger.app.getUrl()}/console/`.replace('[::1]', '127.0.0.1');
    state.browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.ledger?.close();
    if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
    state.removeBuild?.();
  });
  return state as ConsoleLedger;
}

/** Opens the console and enters the key, as a person would; resolves once the navigation shows. */
export async function signIn(page: Page, consoleUrl: string, key: string, path = ''): Promise<void> {
  await page.goto(`${consoleUrl}${path}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Open the console' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).first().waitFor();
}

/** Waits until no spinner is left on the page (every panel loaded or failed) and every chart is drawn. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  // Runs in the page (the console's CSP allows no string evaluation); the test's code has no DOM types.
  type Dom = { document: { querySelector(selector: string): unknown } };
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as Dom;
    // Charts draw once ECharts, loaded beside the first view, is there.
    return document.querySelector('[role="status"] .spinner') === null && document.querySelector('.boot') === null && document.querySelector('figure.chart:not([data-drawn])') === null;
  }, undefined, { timeout });
}

/** A fresh page signed in with `key` at `path` (a hash route), its panels settled: how a console test starts. */
export async function openConsole(ctx: ConsoleLedger, key: string, path = ''): Promise<WatchedPage> {
  const watched = await openPage(ctx.browser);
  await signIn(watched.page, ctx.consoleUrl, key, path);
  await settled(watched.page);
  return watched;
}
