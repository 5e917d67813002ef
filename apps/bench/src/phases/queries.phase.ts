import { periodBounds, quarterOf } from '@ledger/domain';
import { SeededRandom } from '@ledger/simulator';
import { LatencyResult, measureLatency } from '../support/latency';
import { authHeaders, startLedger } from '../support/ledger-process';

export interface QueriesPhaseArgs {
  dataDir: string;
  /** Extra ledger configuration (MONGODB_URL, MONGODB_DB for the MongoDB read store). */
  env: Record<string, string>;
  partnerIds: string[];
  periods: string[];
  challengeIds: string[];
  requests: number;
  /** p99 targets in ms: of the plain queries (one document or one index range), of the program's (computed from many). */
  targets: { plain: number; program: number };
  concurrency: number;
  seed: number;
  label: string;
}

export interface QueryRun extends LatencyResult {
  key: string;
  name: string;
  example: string;
  peakRss: number;
  targetP99Ms: number;
}

export interface QueriesPhaseResult {
  trivial: QueryRun;
  queries: QueryRun[];
  ledgerPeakRss: number;
  startupMs: number;
}

/** GET that must answer 200 with JSON (the proofs' inputs are read before they are measured). */
async function getJson(url: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, url), { headers: authHeaders });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Proof latency: inclusion proofs of events picked across the history (their ids read from
 * partners' histories) in the current tree, and consistency proofs from a random earlier size.
 */
async function proofQueries(url: string, partners: string[], random: SeededRandom, measure: (key: string, name: string, path: (i: number) => string) => Promise<QueryRun>): Promise<QueryRun[]> {
  const { treeSize } = (await getJson(url, '/audit/digest')) as { treeSize: number };
  const eventIds: string[] = [];
  for (const partnerId of partners.slice(0, 64)) {
    const { items } = (await getJson(url, `/partners/${partnerId}/history?limit=20`)) as { items: { eventId: string }[] };
    eventIds.push(...items.map((item) => item.eventId));
  }
  const sizes = Array.from({ length: 4096 }, () => random.int(1, Math.max(1, treeSize)));
  return [
    await measure('proof-inclusion', 'inclusion proof of an event in the current tree', (i) => `/audit/proofs/inclusion?eventId=${eventIds[(i * 7) % eventIds.length]}`),
    await measure('proof-consistency', 'consistency proof from an earlier tree size to the current one', (i) => `/audit/proofs/consistency?from=${sizes[i % sizes.length]}`),
  ];
}

/** A month, its quarter or its year, in turn. */

/**
 * Measurement 4: latency of the queries on the ledger started on the generated history
 * (read models rebuilt), each beside the same server answering GET /health/live, timed the
 * same way. Partners and months vary from request to request.
 */
export async function queriesPhase(args: QueriesPhaseArgs): Promise<QueriesPhaseResult> {
  const started = Date.now();
  // The history holds the co-op reactions as a ledger records them; a reactor following its
  // million events from the start (no checkpoint in the rebuilt read store) would be measured instead of the queries.
  const ledger = await startLedger(args.dataDir, { COOP_REACTOR_ENABLED: 'false', ...args.env }, `ledger-queries-${args.label}`);
  const startupMs = Date.now() - started;
  const whole = ledger.peak().start();
  try {
    const random = new SeededRandom(args.seed);
    const partners = Array.from({ length: 4096 }, () => random.pick(args.partnerIds));
    const periods = Array.from({ length: 4096 }, () => random.pick(args.periods));
    const at = <T>(list: T[], i: number) => list[i % list.length]!;
    const options = { requests: args.requests, warmup: Math.min(200, Math.max(20, Math.round(args.requests / 10))), concurrency: args.concurrency, headers: authHeaders };

    const quarters = [...new Set(args.periods.map(quarterOf))];
    const challenges = args.challengeIds.length ? args.challengeIds : ['none'];
    const groupBys = ['typology', 'tier', 'country', 'region'];
    // The whole program, then each reference line in turn.
    const driftLines = ['', 'utm', 'network', 'endpoint', 'email', 'cloud'];
    const quarterRange = (quarter: string) => {
      const { from, to } = periodBounds(quarter);
      return `from=${from}&to=${to}`;
    };

    const measure = async (key: string, name: string, path: (i: number) => string, targetP99Ms = args.targets.plain): Promise<QueryRun> => {
      const peak = ledger.peak().start(20);
      const result = await measureLatency(ledger.url, path, options);
      return { key, name, example: path(0), ...result, peakRss: peak.stop(), targetP99Ms };
    };

    const trivial = await measure('trivial', 'GET /health/live', () => '/health/live');
    const program = args.targets.program;
    const queries = [
      await measure('scorecard', 'scorecard of one partner', (i) => `/partners/${at(partners, i)}/scorecards/${at(periods, i * 7 + 3)}`),
      await measure('scorecards-by-revenue', 'scorecards of a month by revenue, first page', (i) => `/scorecards?period=${at(periods, i)}&sort=-revenueWon`),
      await measure('history', 'history of one partner, first page', (i) => `/partners/${at(partners, i * 3 + 1)}/history`),
      await measure('leaderboard', 'leaderboard of a challenge, first page', (i) => `/challenges/${at(challenges, i)}/leaderboard`, program),
      await measure('rollup', 'roll-up of a quarter by typology, tier, country or region', (i) => `/scorecards/rollup?period=${at(quarters, i)}&groupBy=${at(groupBys, i * 5 + 1)}`, program),
      await measure('margins-by-partner', 'margins of a quarter by partner, lowest rate first, first page', (i) => `/margins?groupBy=partner&sort=marginRate&${quarterRange(at(quarters, i * 5 + 2))}`, program),
      await measure('margin-drift', 'margin drift of the program or a line, 12 months', (i) => {
        const line = at(driftLines, i);
        return `/margins/drift?months=12&to=${at(periods, i * 3 + 1)}${line ? `&productLine=${line}` : ''}`;
      }, program),
      await measure('scorecards-by-attainment', 'scorecards of a quarter by revenue attainment, first page', (i) => `/scorecards?period=${at(quarters, i * 3 + 2)}&sort=-attainment.revenueWon`, program),
      ...(await proofQueries(ledger.url, partners, random, measure)),
    ];
    return { trivial, queries, ledgerPeakRss: whole.stop(), startupMs };
  } finally {
    await ledger.stop();
  }
}
