import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Builds the console from its sources into a folder of the suite's own (the ledger serves it
 * with CONSOLE_DIR), so the suite tests the code as it is now, whatever dist/ holds. The type
 * check against the API's document is `npm run build`'s part; this is the bundle alone. Suites
 * run side by side, each into a folder of its own: Vite's lock against a second build of the
 * project is bypassed.
 */
export function buildConsole(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'apps/console/vite.config.mts', '--outDir', dir, '--emptyOutDir', '--bypass-lock'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
      timeout: 120_000,
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the console did not build: ${String(error)}\n${stdout ?? ''}${stderr ?? ''}`);
  }
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`the console build wrote no index.html in ${dir}`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
