import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { addCheckProofCommand } from '../../../apps/ledger/src/audit-tree';
import { Json } from './ledger-api';

/** The independent verifier (Python, hashlib only) that docs/audit.md shows. */
export const VERIFIER = join(__dirname, '..', '..', '..', 'libs', 'audit', 'verify_proof.py');

const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const python = !probe.error && probe.status === 0;
if (!python) process.stderr.write(`SKIPPED: the Python verifier's checks — python3 is not available (${probe.error?.message ?? probe.stderr})\n`);
/** `it`, or `it.skip` (said once, above) where python3 is not installed. */
export const withPython = python ? it : it.skip;

/** libs/audit/verify_proof.py on these proofs: its verdicts and exit status. */
export function pythonVerdicts(proofs: Json[]): { valid: boolean[]; status: number | null } {
  const run = spawnSync('python3', [VERIFIER], { input: JSON.stringify(proofs), encoding: 'utf8', timeout: 60_000 });
  return { valid: run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line).valid as boolean), status: run.status };
}

/** `ledger audit check-proof …`, in process: what it printed and its exit status. */
export async function checkProofCli(args: string[]): Promise<{ status: number; out: string }> {
  const program = new Command('ledger').exitOverride();
  addCheckProofCommand(program.command('audit'));
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  const before = process.exitCode;
  try {
    await program.parseAsync(['audit', 'check-proof', ...args], { from: 'user' });
    return { status: Number(process.exitCode ?? 0), out: printed.join('\n') };
  } finally {
    log.mockRestore();
    process.exitCode = before;
  }
}
