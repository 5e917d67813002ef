/**
 * A ledger that never sets EVENTSTORE_URL or MONGODB_URL does not load the EventStoreDB or
 * MongoDB client: the storage wiring loads an adapter only when the configuration names it,
 * and the ports' entries (@ledger/event-store, @ledger/read-store) load no adapter.
 *
 * Checked in a child process, not in jest's module registry (which other suites in the same
 * worker fill, and which is not node's require.cache): the embedded ledger is started from its
 * sources with ts-node and tsconfig-paths (test/support/typescript-process.ts) and reports
 * every module file loaded once it served a request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, typescriptNode } from '../support/typescript-process';

interface Report {
  ready: number;
  started: string[];
  afterLoadingAdapters: string[];
}

const EVENTSTOREDB_CLIENT = `node_modules/@eventstore/db-client/`;
const MONGODB_CLIENT = `node_modules/mongodb/`;
const SQLITE_DRIVER = `node_modules/better-sqlite3/`;
const holding = (files: string[], part: string) => files.map((file) => file.split('\\').join('/')).filter((file) => file.includes(part));

describe('adapters load only when the configuration names them', () => {
  let report: Report;

  beforeAll(() => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-adapter-loading-'));
    try {
      const out = join(folder, 'modules.json');
      const child = typescriptNode(join(__dirname, 'support', 'embedded-ledger-modules.ts'));
      // The environment is not inherited: CI sets EVENTSTORE_URL and MONGODB_URL for other suites.
      execFileSync(process.execPath, [...child.args, out], {
        cwd: REPO_ROOT,
        env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...child.env },
        stdio: 'pipe',
        timeout: 90_000,
      });
      report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('an embedded ledger starts and serves on the SQLite adapters', () => {
    expect(report.ready).toBe(200);
    expect(holding(report.started, SQLITE_DRIVER)).not.toEqual([]);
  });

  it('an embedded ledger loads neither the EventStoreDB client nor the MongoDB driver', () => {
    expect(holding(report.started, '@eventstore/db-client')).toEqual([]);
    expect(holding(report.started, MONGODB_CLIENT)).toEqual([]);
  });

  it('the same check sees both once their adapter entries are loaded', () => {
    expect(holding(report.afterLoadingAdapters, EVENTSTOREDB_CLIENT)).not.toEqual([]);
    expect(holding(report.afterLoadingAdapters, MONGODB_CLIENT)).not.toEqual([]);
  });
});
