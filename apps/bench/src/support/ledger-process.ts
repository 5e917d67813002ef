import { randomBytes } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessPeak } from './memory';
import { nodeEntry, profilingArgs } from './runtime';

/** The one API key the bench uses, holding every role (the ledger runs as in production: keys required). */
export const BENCH_KEY = 'bench-secret-key-0123456789abcdef';
const API_KEYS = JSON.stringify([{ name: 'bench', roles: ['publisher', 'analyst', 'auditor', 'admin'], key: BENCH_KEY }]);

/** Variables of the ledger's configuration: never inherited from the bench's own environment. */
const LEDGER_VARIABLES = /^(PORT|HOST|DATA_DIR|LEDGER_.*|SQLITE_.*|EVENTSTORE_URL|MONGODB_.*|KAFKA_.*|PROJECTOR_.*|QUERY_WAIT_MS|COMMAND_.*|DUE_WORK_.*|LEASE_TTL_MS|LOG_LEVEL|NODE_ENV)$/;

export interface LedgerProcess {
  url: string;
  pid: number;
  /** Peak RSS over a phase: start it, run the phase, stop it. */
  peak(): ProcessPeak;
  /** SIGTERM (drain, checkpoints, close), then SIGKILL after a while. */
  stop(): Promise<void>;
  /** SIGKILL: nothing drained, nothing released; resolves once the process is gone. */
  kill(): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Starts the built ledger (dist/apps/ledger/src/main.js, or its sources under the smoke test)
 * in a child process, as production runs it (NODE_ENV=production, API keys, synchronous=FULL,
 * projectors on), and waits until /health/ready answers.
 */
export async function startLedger(dataDir: string, env: Record<string, string> = {}, label = 'ledger'): Promise<LedgerProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !LEDGER_VARIABLES.test(name)));
  const { args } = nodeEntry('apps/ledger/src/main', profilingArgs(label));
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...inherited,
      NODE_ENV: 'production',
      // A round of due work visits every partner: not in the middle of a measurement.
      DUE_WORK_INTERVAL_MS: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: API_KEYS,
      // Production needs the master key of people's data keys: one per run.
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the ledger ${exited} before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ledger was not ready within 120 s:\n${output}`);
    }
    await sleep(100);
  }

  return {
    url,
    pid: child.pid!,
    peak: () => new ProcessPeak(child.pid!),
    output: () => output,
    async stop() {
      if (exited) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
    async kill() {
      if (exited) return;
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    },
  };
}

export const authHeaders = { authorization: `Bearer ${BENCH_KEY}` };

const TYPOLOGIES = ['integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber'];

/** Registers partners (20 at a time) through the API; anything but 201 fails. */
export async function registerPartners(url: string, partnerIds: readonly string[]): Promise<void> {
  for (let i = 0; i < partnerIds.length; i += 20) {
    await Promise.all(
      partnerIds.slice(i, i + 20).map(async (partnerId, k) => {
        const response = await fetch(`${url}/partners`, {
          method: 'POST',
          headers: { ...authHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ partnerId, name: `Bench partner ${i + k}`, typology: TYPOLOGIES[(i + k) % TYPOLOGIES.length], territory: { country: 'FR' } }),
        });
        if (response.status !== 201) throw new Error(`registering ${partnerId}: ${response.status} ${await response.text()}`);
      }),
    );
  }
}

/** How many events the slowest projection has yet to apply. */
export async function projectionLag(url: string): Promise<number> {
  const status = (await (await fetch(`${url}/projections`, { headers: authHeaders })).json()) as { projections?: { lag?: string | number }[] } | { lag?: string | number }[];
  const list = Array.isArray(status) ? status : (status.projections ?? []);
  return Math.max(0, ...list.map((p) => Number(p.lag ?? 0)));
}

/** Waits (up to `limitMs`) until the read models have caught up; returns how long it took. */
export async function waitForReadModels(url: string, limitMs = 60_000): Promise<number> {
  const started = Date.now();
  while ((await projectionLag(url)) > 0 && Date.now() - started < limitMs) await sleep(20);
  return Date.now() - started;
}
