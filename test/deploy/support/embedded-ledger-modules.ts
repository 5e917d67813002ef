/**
 * Run by adapter-loading.spec.ts in a child process (ts-node and tsconfig-paths, as the
 * ledger's sources run outside jest): starts the ledger on the embedded stores exactly as
 * main.ts does, lets it serve a request, and writes to the file named by argv[2] every module
 * file loaded by then (`started`). Then it loads the EventStoreDB and MongoDB adapter entries
 * by hand and lists the modules again (`afterLoadingAdapters`), which shows that the
 * check can see those clients when they are there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApp } from '../../../apps/ledger/src/bootstrap';
import { loadConfig } from '../../../apps/ledger/src/config/ledger-config';

const status = (url: string) =>
  new Promise<number>((resolve, reject) => {
    request(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });

async function main(out: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-adapters-'));
  try {
    const app = await createLedgerApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error' }));
    await app.listen(0, '127.0.0.1');
    const ready = await status(`${await app.getUrl()}/health/ready`);
    const started = Object.keys(require.cache);
    await app.close();
    require('@ledger/event-store/eventstoredb');
    require('@ledger/read-store/mongodb');
    writeFileSync(out, JSON.stringify({ ready, started, afterLoadingAdapters: Object.keys(require.cache) }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv[2]!).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
