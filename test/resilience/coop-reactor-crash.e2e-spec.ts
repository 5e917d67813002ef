import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { coopRulesBody } from '../e2e/support/coop';
import { buildLedger, createTempDir, killAllLedgers, LedgerBuild, LedgerProcess, removeDir, startLedgerProcess } from './support/ledger-process';
import { readStoredEvents, StoredEvent } from './support/workload';

/**
 * The co-op reactor SIGKILLed in the middle of its accruals, then restarted; then its
 * checkpoint lost (the read store deleted) so that it replays every win from the start: each
 * win is accrued exactly once whatever the replay, because its accrual's ids derive from the
 * DealWon's and the partner's stream refuses a second accrual of a lead.
 */
const WINS = 300;
const report = (line: string) => process.stderr.write(`[coop-reactor-crash] ${line}\n`);

async function post(ledger: LedgerProcess, path: string, body: unknown, method = 'POST'): Promise<Record<string, string>> {
  const response = await fetch(`${ledger.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, string>;
  if (response.status !== 201) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const accruals = (dataDir: string) => readStoredEvents(dataDir).filter((e) => e.type === 'CoopAccrued');
/** The reactor's committed checkpoint, read from the embedded read store's file (0 when none yet). */
function reactorCheckpoint(dataDir: string): number {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { fileMustExist: true, readonly: true });
  try {
    return (db.prepare("SELECT position FROM checkpoints WHERE projection = 'coop-reactor'").pluck().get() as number | undefined) ?? 0;
  } catch {
    return 0; // not created yet
  } finally {
    db.close();
  }
}

const leadsOf = (events: StoredEvent[]) => events.map((e) => e.data.leadId as string);

async function waitUntil(probe: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('co-op reactor: killed between wins and their accruals, restarted, replayed (child process, embedded storage)', () => {
  let build: LedgerBuild | undefined;
  let dataDir: string | undefined;

  beforeAll(() => {
    build = buildLedger();
    dataDir = createTempDir('ledger-coop-crash-');
  }, 150_000);

  afterAll(async () => {
    await killAllLedgers();
    build?.remove();
    removeDir(dataDir);
  });

  it('accrues each win exactly once', async () => {
    const dir = dataDir!;
    // --- the wins recorded with the reactor off: nothing accrued yet ---
    let ledger = await startLedgerProcess(build!, dir, { COOP_REACTOR_ENABLED: 'false' });
    await post(ledger, '/program', coopRulesBody(), 'PUT');
    const { partnerId } = await post(ledger, '/partners', { partnerId: 'p-crash', name: 'Crash Test', typology: 'integrator', territory: { country: 'FR' }, occurredAt: '2024-02-01T00:00:00Z' });
    const leads: string[] = [];
    for (let n = 0; n < WINS; n++) {
      const { leadId } = await post(ledger, `/partners/${partnerId}/leads`, {
        customer: { id: `cust-${n}`, name: 'Globex' }, project: 'Firewall refresh', estimatedValue: { amount: '1000.00', currency: 'EUR' }, occurredAt: '2025-01-01T00:00:00Z',
      });
      await post(ledger, `/leads/${leadId}/won`, { amount: '1000.00', currency: 'EUR', occurredAt: '2025-02-01T00:00:00Z' });
      leads.push(leadId!);
    }
    await ledger.stop('SIGTERM');
    expect(accruals(dir)).toEqual([]);

    // --- the reactor on, SIGKILLed once it has accrued some wins and not all ---
    ledger = await startLedgerProcess(build!, dir);
    await waitUntil(() => accruals(dir).length > 0, 'a first accrual');
    ledger.child.kill('SIGKILL');
    expect((await ledger.exited).signal).toBe('SIGKILL');
    const atKill = accruals(dir).length;
    report(`SIGKILLed with ${atKill} of ${WINS} wins accrued`);
    expect(atKill).toBeLessThan(WINS);

    // --- restarted: it goes on from its checkpoint, re-doing the batch it was cut in ---
    ledger = await startLedgerProcess(build!, dir);
    await waitUntil(() => accruals(dir).length >= WINS, 'every accrual');
    await ledger.stop('SIGTERM');
    expect(leadsOf(accruals(dir)).sort()).toEqual([...leads].sort());

    // --- its checkpoint lost with the read store: it replays every win, and records nothing new ---
    const before = readStoredEvents(dir).length;
    for (const file of ['read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm']) rmSync(join(dir, file), { force: true });
    ledger = await startLedgerProcess(build!, dir);
    await waitUntil(() => /following wins and reversals from the start/.test(ledger.output()), 'the replay to start');
    const head = readStoredEvents(dir).at(-1)!.position;
    await waitUntil(() => reactorCheckpoint(dir) >= head, 'the replay to reach the head');
    await ledger.stop('SIGTERM');
    const after = readStoredEvents(dir);
    expect(after.length).toBe(before);
    const accrued = accruals(dir);
    expect(accrued).toHaveLength(WINS);
    expect(new Set(leadsOf(accrued)).size).toBe(WINS);
    expect(accrued.every((e) => e.data.amount.minor === 2000 && e.idempotencyKey?.startsWith('coop-of:'))).toBe(true);
  }, 240_000);
});
