import autocannon from 'autocannon';
import { authHeaders, projectionLag, registerPartners, startLedger, waitForReadModels } from '../support/ledger-process';

export interface HttpPhaseArgs {
  dataDir: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  partners: number;
}

export interface RouteRun {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  peakRss: number;
}

export interface HttpPhaseResult {
  trivial: RouteRun & { runs: number[] };
  commands: RouteRun & { mix: Record<string, number>; projectionLagAfter: number; readModelCatchUpMs: number };
  /** Peak RSS of the ledger over the whole phase (start, seeding, runs). */
  ledgerPeakRss: number;
}

const LINES = ['utm', 'network', 'endpoint', 'email', 'cloud'];
const ROLES = ['sales', 'presales', 'technical'];
const KINDS = ['voucher', 'trip', 'goodies', 'cash'];

/** The body of an AwardIncentive, varied by `n`. */
export function incentiveBody(n: number, reason: string) {
  return { recipient: { personId: `p${n % 7}`, name: 'Dana', role: ROLES[n % 3] }, kind: KINDS[n % 4], value: { amount: `${100 + (n % 900)}.50`, currency: 'EUR' }, reason };
}

/** The mix sent: half incentives, 30% certifications (tiers recomputed), 20% lead registrations (two streams each). */
export function commandFor(n: number, partners: number, tag: string): { path: string; body: unknown; kind: string } {
  const partner = `H${String(n % partners).padStart(5, '0')}`;
  const slot = n % 10;
  if (slot < 5) {
    return {
      kind: 'incentive',
      path: `/partners/${partner}/incentives`,
      body: incentiveBody(n, 'Bench challenge'),
    };
  }
  if (slot < 8) {
    return {
      kind: 'certification',
      path: `/partners/${partner}/certifications`,
      body: { engineerId: `e${n % 5}`, engineerName: 'Engineer', productLine: LINES[Math.floor(n / 10) % 5], expiresAt: '2099-01-31T00:00:00Z' },
    };
  }
  return {
    kind: 'lead',
    path: `/partners/${partner}/leads`,
    body: { customer: { id: `C-${tag}-${n}`, name: 'Customer' }, project: 'Bench project', estimatedValue: { amount: '10000.00', currency: 'EUR' } },
  };
}

function run(url: string, options: Omit<autocannon.Options, 'url'>): Promise<autocannon.Result> {
  return autocannon({ ...options, url });
}

function summarise(result: autocannon.Result, peakRss: number): RouteRun {
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const completed = result['2xx'] + result.non2xx;
  return {
    requestsPerSecond: result['2xx'] / seconds,
    requests: completed,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    peakRss,
  };
}

/**
 * Measurement 2: commands over HTTP against the same server answering a trivial route
 * (GET /health/live, no store touched), both with autocannon and the same connections. The
 * ledger runs as in production (built, API keys, synchronous=FULL, projectors live in the
 * same process). The trivial route is measured before and after the commands, the faster
 * kept. Any non-2xx command fails the phase.
 */
export async function httpCommandsPhase(args: HttpPhaseArgs): Promise<HttpPhaseResult> {
  const ledger = await startLedger(args.dataDir, {}, 'ledger-http');
  const whole = ledger.peak().start();
  try {
    // Partners to send commands about.
    await registerPartners(ledger.url, Array.from({ length: args.partners }, (_, i) => `H${String(i).padStart(5, '0')}`));

    const trivialOptions = { connections: args.connections, requests: [{ method: 'GET', path: '/health/live', headers: authHeaders }] };
    const trivialRun = async () => {
      await run(ledger.url, { ...trivialOptions, duration: args.warmupSeconds });
      const peak = ledger.peak().start();
      const result = await run(ledger.url, { ...trivialOptions, duration: args.seconds });
      return summarise(result, peak.stop());
    };
    const trivialBefore = await trivialRun();

    const tag = Date.now().toString(36);
    let n = 0;
    const mix: Record<string, number> = {};
    let firstFailure: string | undefined;
    const commandOptions = (counting: boolean): Omit<autocannon.Options, 'url'> => ({
      connections: args.connections,
      timeout: 30, // seconds: a slow answer is measured, not counted as an error
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const command = commandFor(n++, args.partners, tag);
            if (counting) mix[command.kind] = (mix[command.kind] ?? 0) + 1;
            return { ...request, method: 'POST', path: command.path, headers: { ...authHeaders, 'content-type': 'application/json' }, body: JSON.stringify(command.body) };
          },
          onResponse: (status, body) => {
            if (status !== 201 && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 300)}`;
          },
        },
      ],
    });
    await run(ledger.url, { ...commandOptions(false), duration: args.warmupSeconds });
    const peak = ledger.peak().start();
    const commandResult = await run(ledger.url, { ...commandOptions(true), duration: args.seconds });
    const commands = summarise(commandResult, peak.stop());
    if (commands.non2xx > 0 || commands.errors > 0 || firstFailure) {
      throw new Error(`commands failed: ${commands.non2xx} non-2xx, ${commands.errors} errors; first: ${firstFailure ?? 'none'}`);
    }

    // How far behind the read models were left, and how long they took to catch up.
    const projectionLagAfter = await projectionLag(ledger.url);
    const readModelCatchUpMs = await waitForReadModels(ledger.url);

    const trivialAfter = await trivialRun();
    const trivial = trivialAfter.requestsPerSecond > trivialBefore.requestsPerSecond ? trivialAfter : trivialBefore;
    return {
      trivial: { ...trivial, runs: [trivialBefore.requestsPerSecond, trivialAfter.requestsPerSecond] },
      commands: { ...commands, mix, projectionLagAfter, readModelCatchUpMs },
      ledgerPeakRss: whole.stop(),
    };
  } finally {
    await ledger.stop();
  }
}
