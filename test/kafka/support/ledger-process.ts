import { createLedgerApp } from '../../../apps/ledger/src/bootstrap';
import { loadConfig } from '../../../apps/ledger/src/config/ledger-config';

/**
 * The ledger in a process of its own, configured from the environment like main.ts, for the
 * suites that kill it abruptly. Prints "ready" once app.init() has resolved (the consumer has
 * joined its group). Run through test/support/typescript-process.ts (ts-node).
 */
async function run(): Promise<void> {
  const app = await createLedgerApp(loadConfig(process.env));
  await app.init();
  process.stdout.write('ready\n');
}

run().catch((error: unknown) => {
  process.stderr.write(`ledger process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
