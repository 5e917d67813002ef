import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders, LedgerProcess, registerPartners, startLedger, waitForReadModels } from '../support/ledger-process';
import { incentiveBody } from './http-commands.phase';

export interface TakeoverArgs {
  dataDir: string;
  /** LEASE_TTL_MS of the ledgers: the take-over is measured against it. */
  ttlMs: number;
  /** SIGKILLs measured, each of the instance holding the leases at the time. */
  rounds: number;
}

export interface TakeoverResult {
  ttlMs: number;
  /** Per round: from the SIGKILL to every projection, projected by another instance, past an event recorded right after it. */
  takeoverMs: number[];
  medianMs: number;
  maxMs: number;
  /** Peak RSS of the instance that took over, while it did. */
  peakRss: number;
}

interface Status {
  projections: { checkpoint: string; holder: string | null }[];
}

const PARTNER = 'TAKEOVER1';

const status = async (ledger: LedgerProcess) => (await (await fetch(`${ledger.url}/projections`, { headers: authHeaders })).json()) as Status;
const pidOf = (holder: string | null) => (holder === null ? undefined : Number(holder.split(':').at(-2)));

async function record(ledger: LedgerProcess, n: number): Promise<bigint> {
  const response = await fetch(`${ledger.url}/partners/${PARTNER}/incentives`, {
    method: 'POST', headers: { ...authHeaders, 'content-type': 'application/json' }, body: JSON.stringify(incentiveBody(n, 'Take-over')),
  });
  if (response.status !== 201) throw new Error(`recording an incentive: ${response.status} ${await response.text()}`);
  return BigInt(((await response.json()) as { position: string }).position);
}

/** Waits until `ledger` holds every projection's lease and has projected everything. */
async function holdsEverything(ledger: LedgerProcess, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await status(ledger)).projections.every((p) => pidOf(p.holder) === ledger.pid)) {
    if (Date.now() > deadline) throw new Error(`ledger ${ledger.pid} did not take every lease within ${limitMs} ms`);
    await sleep(20);
  }
  await waitForReadModels(ledger.url);
}

/**
 * Two ledgers on one data directory; the one holding the projections' leases is SIGKILLed,
 * an event is recorded through the other at once, and the clock runs until every projection
 * has projected it in the survivor: the read models' outage when an instance dies. A fresh
 * instance then joins and the survivor is killed in turn, `rounds` times.
 */
export async function takeoverPhase(args: TakeoverArgs): Promise<TakeoverResult> {
  // Instances of one ledger share its master key (people's data keys are wrapped with it).
  const env = { LEASE_TTL_MS: String(args.ttlMs), LEDGER_MASTER_KEY: randomBytes(32).toString('base64') };
  let holder = await startLedger(args.dataDir, env, 'ledger-takeover-0');
  let standby = await startLedger(args.dataDir, env, 'ledger-takeover-1');
  const takeoverMs: number[] = [];
  let peakRss = 0;
  try {
    await registerPartners(holder.url, [PARTNER]);
    for (let round = 0; round < args.rounds; round++) {
      await record(holder, round);
      await holdsEverything(holder);
      const peak = standby.peak().start(50, false);
      await holder.kill();
      const killedAt = performance.now();
      const position = await record(standby, 1000 + round);
      for (;;) {
        const now = await status(standby);
        if (now.projections.every((p) => pidOf(p.holder) === standby.pid && BigInt(p.checkpoint) >= position)) break;
        if (performance.now() - killedAt > args.ttlMs * 4 + 30_000) throw new Error(`no take-over within ${args.ttlMs * 4 + 30_000} ms`);
        await sleep(10);
      }
      takeoverMs.push(performance.now() - killedAt);
      peakRss = Math.max(peakRss, peak.stop());
      holder = standby;
      if (round + 1 < args.rounds) standby = await startLedger(args.dataDir, env, `ledger-takeover-${round + 2}`);
    }
  } finally {
    await standby.stop(); // the last survivor (the killed ones are gone already)
    await holder.stop();
  }
  const sorted = [...takeoverMs].sort((a, b) => a - b);
  return { ttlMs: args.ttlMs, takeoverMs, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted[sorted.length - 1]!, peakRss };
}
