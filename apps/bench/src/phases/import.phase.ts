import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ProcessPeak } from '../support/memory';
import { nodeEntry } from '../support/runtime';

export interface ImportPhaseArgs {
  facts: number;
  partners: number;
  dataDir: string;
}

export interface ImportPhaseResult {
  facts: number;
  recorded: number;
  refused: number;
  seconds: number;
  factsPerSecond: number;
  peakRss: number;
}

const LINES = ['utm', 'network', 'endpoint', 'email', 'cloud'];

/**
 * A backfill as a CRM would export it, one Kafka record a line: the partners first, then the
 * five fact types mixed (leads, their deals won, certifications, incentives, engagements).
 */
async function writeBackfill(file: string, facts: number, partners: number): Promise<void> {
  const out = createWriteStream(file);
  const base = Date.UTC(2025, 0, 1);
  const line = async (n: number, partnerId: string, type: string, source: string, payload: Record<string, unknown>) => {
    const value = { id: randomUUID(), type, occurredAt: new Date(base + n * 1000).toISOString(), source, payload };
    if (!out.write(`${JSON.stringify({ key: partnerId, value })}\n`)) await once(out, 'drain');
  };
  const partnerOf = (n: number) => `B${String(n % partners).padStart(5, '0')}`;
  for (let n = 0; n < Math.min(partners, facts); n++) {
    await line(n, partnerOf(n), 'PartnerRegistered', 'crm', { partnerId: partnerOf(n), name: `Backfill partner ${n}`, typology: 'integrator', territory: { country: 'FR' } });
  }
  for (let n = partners; n < facts; n++) {
    const partnerId = partnerOf(n);
    const slot = n % 5;
    if (slot === 0) {
      await line(n, partnerId, 'LeadRegistered', 'crm', { partnerId, leadId: `BL${n}`, customer: { id: `BC${n}`, name: 'Customer' }, project: 'Backfill', estimatedValue: { amount: '5000.00', currency: 'EUR' } });
    } else if (slot === 1) {
      await line(n, partnerId, 'DealWon', 'crm', { leadId: `BL${n - 1}`, amount: '4800.00', currency: 'EUR' });
    } else if (slot === 2) {
      await line(n, partnerId, 'CertificationEarned', 'training', { partnerId, engineerId: `e${n % 9}`, productLine: LINES[n % 5], expiresAt: '2099-01-01T00:00:00Z' });
    } else if (slot === 3) {
      await line(n, partnerId, 'IncentiveAwarded', 'incentives', { partnerId, recipient: { personId: `p${n % 7}`, role: 'sales' }, kind: 'voucher', value: { amount: '120.00', currency: 'EUR' }, reason: 'backfill' });
    } else {
      await line(n, partnerId, 'EngagementRecorded', 'marketing', { partnerId, kind: 'seminar', name: 'Backfilled seminar', attendees: 3 });
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Bulk import: `ledger import <file>` as an operator runs it (a child process, synchronous=FULL,
 * on an empty data folder), facts/s as it reports them (the import itself, not the start).
 */
export async function importPhase(args: ImportPhaseArgs): Promise<ImportPhaseResult> {
  const file = join(args.dataDir, 'backfill.ndjson');
  await writeBackfill(file, args.facts, args.partners);
  const { args: nodeArgs } = nodeEntry('apps/ledger/src/cli/ledger-cli');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'import', file, '--chunk', '5000'], {
    env: { PATH: process.env['PATH'] ?? '', SQLITE_SYNCHRONOUS: 'FULL', DATA_DIR: join(args.dataDir, 'data'), LOG_LEVEL: 'warn', LEDGER_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), ...tsNodeEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = new ProcessPeak(child.pid!).start(200, false);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const [code] = (await once(child, 'exit')) as [number | null];
  const peakRss = peak.stop();
  const summary = /recorded (\d+), already recorded (\d+), refused (\d+).* in ([\d.]+) s \((\d+) facts\/s\)/.exec(output);
  if (code !== 0 || !summary) throw new Error(`ledger import exited with ${code}:\n${output}`);
  return { facts: args.facts, recorded: Number(summary[1]), refused: Number(summary[3]), seconds: Number(summary[4]), factsPerSecond: Number(summary[5]), peakRss };
}

/** Under the smoke test the CLI runs from its sources: ts-node's settings go to the child. */
const tsNodeEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('TS_NODE_')) as [string, string][]);
