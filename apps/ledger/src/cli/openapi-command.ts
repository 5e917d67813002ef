import { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apiDocument, createLedgerApp } from '../bootstrap';
import { loadConfig } from '../config/ledger-config';

/**
 * `openapi --out <file>`: the HTTP API's OpenAPI document, as GET /docs-json serves it before
 * program rules are applied, without a running ledger or its stores (a scratch folder is used
 * and removed). The console's client types are generated from it at build time.
 */
export function openApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('Write the HTTP API\'s OpenAPI document (as /docs-json, before program rules), without a running ledger')
    .requiredOption('--out <file>', 'where to write it (- for standard output)')
    .action(async (options: { out: string }) => {
      const scratch = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
      try {
        const app = await createLedgerApp(loadConfig({ DATA_DIR: scratch, LOG_LEVEL: 'error', NODE_ENV: 'development' }));
        const text = `${JSON.stringify(apiDocument(app), null, 2)}\n`;
        await app.close();
        if (options.out === '-') process.stdout.write(text);
        else {
          mkdirSync(dirname(options.out), { recursive: true });
          writeFileSync(options.out, text);
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
}
