import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { verifyReadModels } from '../../apps/ledger/src/cli/rebuild';
import { LEDGER_CONFIG, LedgerConfig } from '../../apps/ledger/src/config/ledger-config';
import { headPosition, Json, read } from './support/ledger-api';
import { createDataDir, readStoreVariants, removeStorage, RunningLedger, startLedger } from './support/ledger-harness';

/**
 * Events are forever: a data directory written by the previous release (fixtures/previous-release:
 * its two SQLite files as SQL text, and the answers it gave) starts under this code and gives
 * the same answers. With the embedded read store its read models are taken as they were
 * (checkpoints without a recorded event store); with MongoDB the ledger builds them from the
 * old events. Made by running the previous release's API on a fresh data directory.
 */
const FIXTURE = join(__dirname, 'fixtures', 'previous-release');
const recorded = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as { head: string; answers: Record<string, Json> };

function restore(dataDir: string, name: 'events' | 'read-models') {
  const db = new Database(join(dataDir, `${name}.sqlite`));
  db.exec(readFileSync(join(FIXTURE, `${name}.sql`), 'utf8'));
  db.close();
}

describe.each(readStoreVariants())('a data directory written by the previous release (%s)', (variant) => {
  let dataDir: string;
  let ledger: RunningLedger;
  beforeAll(async () => {
    dataDir = await createDataDir();
    restore(dataDir, 'events');
    if (variant.name === 'embedded') restore(dataDir, 'read-models');
    ledger = await startLedger(variant, dataDir);
  });
  afterAll(async () => {
    await ledger?.close();
    await removeStorage(variant, dataDir);
  });

  it('starts ready, with every projection caught up on the old events', async () => {
    const ready = await ledger.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await headPosition(ledger.http)).toBe(recorded.head);
  });

  it.each(Object.keys(recorded.answers))('GET %s answers what the previous release answered', async (path) => {
    expect(await read(ledger.http, path, recorded.head)).toEqual(recorded.answers[path]);
  });

  it('records new commands on top, a retried old key still answers as before, and the read models are what the events imply', async () => {
    const profile = await read(ledger.http, '/partners/fx-acme', recorded.head);
    // The same key as the previous release's incentive: its original answer, nothing appended.
    const retried = await ledger.http.post('/partners/fx-acme/incentives').set('Idempotency-Key', 'fx-8').send({
      incentiveId: 'fx-inc-1', recipient: { personId: 'p-1', name: 'Bob', role: 'presales' }, kind: 'voucher', value: { amount: '250.00', currency: 'EUR' },
      reason: 'Q1 challenge', occurredAt: '2026-03-01T10:00:00Z',
    });
    expect(retried.status).toBe(201);
    expect(await headPosition(ledger.http)).toBe(recorded.head);

    const added = await ledger.http.post('/partners/fx-acme/incentives').send({
      recipient: { personId: 'p-2', role: 'technical' }, kind: 'cash', value: { amount: '100.00', currency: 'EUR' }, reason: 'after the upgrade',
    }).expect(201);
    const after = await read(ledger.http, '/partners/fx-acme', added.body.position);
    expect(after['counters']).toEqual({ ...profile['counters'], incentivesAwarded: profile['counters']['incentivesAwarded'] + 1, incentivesValue: '350.00' });

    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    await ledger.app.close();
    const context = await openLedgerContext(config);
    try {
      expect(await verifyReadModels(context)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
