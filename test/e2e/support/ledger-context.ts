import { INestApplicationContext } from '@nestjs/common';
import { openLedgerContext } from '../../../apps/ledger/src/cli/ledger-context';
import { LedgerConfig } from '../../../apps/ledger/src/config/ledger-config';

/** Runs `job` in a maintenance context on a ledger's stores (as the CLI commands do), closed after. */
export async function withLedgerContext<T>(config: LedgerConfig, job: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  const context = await openLedgerContext(config);
  try {
    return await job(context);
  } finally {
    await context.close();
  }
}
