import { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { eventsFile, generateHistory, HistorySummary } from '../../apps/bench/src/phases/history-generator';
import { openLedgerContext } from '../../apps/ledger/src/cli/ledger-context';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { COOP_REACTOR_CHECKPOINT } from '../../apps/ledger/src/coop';
import { ProgramVersions } from '../../apps/ledger/src/write/program';

/**
 * The bench appends the co-op accruals and clawbacks itself, as the ledger's reactor would
 * record them after each win and reversal: a ledger started on the generated history finds
 * its program versions there, and its reactor, following the whole history, has nothing to add.
 */
describe('bench history, as a ledger would have recorded it', () => {
  let dataDir: string;
  let app: INestApplicationContext;
  let summary: HistorySummary;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-bench-history-'));
    summary = await generateHistory({ file: eventsFile(dataDir), events: 4000, partners: 40, months: 12, seed: 7 });
    app = await openLedgerContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error', SQLITE_SYNCHRONOUS: 'NORMAL' }), { coopReactions: true });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the money facts: margins below the minimum, grants, claims, reversals, accruals and clawbacks', () => {
    const types = ['MarginBelowMinimum', 'CoopGranted', 'CoopClaimSubmitted', 'CoopClaimApproved', 'CoopClaimRejected', 'DealReversed', 'CoopAccrued', 'CoopAccrualReversed'];
    expect(types.filter((type) => !((summary.byType[type] ?? 0) > 0))).toEqual([]);
    expect(summary.refusals).toHaveProperty('COOP_BALANCE_EXCEEDED');
    expect(summary.byType['ProgramRulesPublished']).toBe(2); // version 1 as the ledger records it at its first start, and the money rules
  });

  it('is read by the ledger as its own: version 2 in force from the window\'s start, nothing for the reactor to add', async () => {
    const versions = await app.get(ProgramVersions).all();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(Object.keys(versions[1]!.minimumMargins).length).toBeGreaterThan(0);

    const store = app.get<EventStore>(EVENT_STORE);
    const checkpoints = app.get<ReadStore>(READ_STORE);
    const head = await store.headPosition();
    for (const deadline = Date.now() + 60_000; ;) {
      const reached = await checkpoints.checkpoint(COOP_REACTOR_CHECKPOINT);
      if (reached !== null && reached >= head) break;
      if (Date.now() > deadline) throw new Error(`the co-op reactor did not reach ${head}: it is at ${reached}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await store.headPosition()).toBe(head);
  }, 90_000);
});
