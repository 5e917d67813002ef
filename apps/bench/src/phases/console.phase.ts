import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Page } from 'playwright-core';
import { generateHistory } from './history-generator';
import { BENCH_KEY, startLedger, waitForReadModels } from '../support/ledger-process';
import { repoRoot } from '../support/runtime';

export interface ConsoleArgs {
  dataDir: string;
  events: number;
  partners: number;
  months: number;
  seed: number;
  /** Page loads measured after one to warm the ledger's and the browser's caches. */
  rounds: number;
}

export interface ConsoleResult {
  events: number;
  /** Per load: from navigation to the overview's key figures on screen. */
  firstViewMs: number[];
  medianFirstViewMs: number;
  /** Per load: until every panel (charts, the attainment of every partner) has loaded. */
  settledMs: number[];
  medianSettledMs: number;
  /** Per load: the console's shell alone (page, scripts, styles, the key check): the floor of any view. */
  shellMs: number[];
  medianShellMs: number;
  /** Peak RSS of the ledger while it served the loads. */
  peakRss: number;
}

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Dom = { document: { querySelector(selector: string): unknown } };

async function timeLoad(page: Page, url: string, ready: string, settled?: true): Promise<{ readyMs: number; settledMs: number }> {
  const started = performance.now();
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  const readyMs = performance.now() - started;
  if (!settled) return { readyMs, settledMs: readyMs };
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as Dom;
    return document.querySelector('[role="status"] .spinner') === null && document.querySelector('figure.chart:not([data-drawn])') === null;
  }, undefined, { timeout: 120_000 });
  return { readyMs, settledMs: performance.now() - started };
}

/**
 * The console's first view on a ledger holding the demo's volume of history: headless Chromium
 * (the machine's own) opens #/overview with a key in the tab, as a person does after signing in,
 * against the built ledger and console. The shell alone is the baseline.
 */
export async function consolePhase(args: ConsoleArgs): Promise<ConsoleResult> {
  const consoleDir = join(repoRoot, 'dist/console');
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error(`the console is not built (${consoleDir}): npm run bench builds it; run npm run build first`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  const history = await generateHistory({ file: join(args.dataDir, 'events.sqlite'), events: args.events, partners: args.partners, months: args.months, seed: args.seed });
  const ledger = await startLedger(args.dataDir, { CONSOLE_DIR: consoleDir }, 'ledger-console');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  try {
    // The read models of the whole history first: the console shows them, it does not wait for them.
    await waitForReadModels(ledger.url, 3_600_000);
    const firstViewMs: number[] = [];
    const settledMs: number[] = [];
    const shellMs: number[] = [];
    const peak = ledger.peak().start(50, false);
    for (let round = 0; round <= args.rounds; round++) {
      // Each load in a fresh browser context: nothing cached, as a person's first visit.
      const fresh = async () => browser.newContext({ viewport: { width: 1366, height: 900 } });
      const bare = await fresh();
      const shell = await timeLoad(await bare.newPage(), `${ledger.url}/console/`, '#api-key');
      await bare.close();
      // Signed in: the key is in the tab's session storage, where the sign-in form puts it.
      const signedIn = await fresh();
      await signedIn.addInitScript((key) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('partner-ledger.api-key', key), BENCH_KEY);
      const overview = await timeLoad(await signedIn.newPage(), `${ledger.url}/console/#/overview`, '.kpi [data-value]', true);
      await signedIn.close();
      if (round === 0) continue; // warm-up
      shellMs.push(shell.readyMs);
      firstViewMs.push(overview.readyMs);
      settledMs.push(overview.settledMs);
    }
    return {
      events: history.events,
      firstViewMs, medianFirstViewMs: median(firstViewMs),
      settledMs, medianSettledMs: median(settledMs),
      shellMs, medianShellMs: median(shellMs),
      peakRss: peak.stop(),
    };
  } finally {
    await browser.close();
    await ledger.stop();
  }
}
