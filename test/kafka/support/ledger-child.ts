import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, typescriptNode } from '../../support/typescript-process';
import { waitFor } from './kafka-harness';

/** Starts the ledger in a child process (to be SIGKILLed) and resolves once it consumes. */
export async function startLedgerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const ledger = typescriptNode(join(__dirname, 'ledger-process.ts'));
  const child = spawn(process.execPath, ledger.args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...ledger.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the ledger process exited (${child.exitCode}): ${output}`);
      return output.includes('ready\n');
    },
    { timeoutMs: 60_000, what: () => `the ledger process to start; output: ${output}` },
  );
  return { child, output: () => output };
}

/**
 * How many facts the embedded event store of `dataDir` holds (every event but the program's
 * version 1), read from its file while the ledger writes it: what a kill would leave.
 */
export function factsInStore(dataDir: string): number {
  const file = join(dataDir, 'events.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare("SELECT COUNT(*) FROM events WHERE stream_id <> 'program'").pluck().get());
  } finally {
    db.close();
  }
}

/** SIGKILLs the ledger process once its store holds at least `facts` facts (no clean shutdown, no last commit). */
export async function killOnceRecorded(started: { child: ChildProcess; output: () => string }, dataDir: string, facts: number): Promise<void> {
  await waitFor(() => factsInStore(dataDir) >= facts, {
    timeoutMs: 120_000,
    intervalMs: 5,
    what: () => `the ledger process to record ${facts} facts; output: ${started.output()}`,
  });
  started.child.kill('SIGKILL');
  if (started.child.exitCode === null && started.child.signalCode === null) await once(started.child, 'exit');
}
