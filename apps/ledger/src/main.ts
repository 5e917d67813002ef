import { Logger } from '@nestjs/common';
import { createLedgerApp } from './bootstrap';
import { loadConfig } from './config/ledger-config';

async function main() {
  const config = loadConfig();
  const app = await createLedgerApp(config);
  await app.listen(config.http.port, config.http.host);
  const stores = `events: ${config.eventStore.kind}, read models: ${config.readStore.kind}`;
  const where = config.eventStore.kind === 'embedded' ? ` (data in ${config.dataDir})` : '';
  Logger.log(`Partner Ledger listening on ${await app.getUrl()} — ${stores}${where}; API docs at /docs`, 'Ledger');
}

main().catch((error) => {
  // A configuration mistake is reported in one line, not a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
