import { join } from 'node:path';
import { repoRoot } from './support/runtime';

/** The phases `--only` can pick; `rebuild` generates the history and runs the rebuild, query and memory rows on it. */
export const PHASES = ['append', 'http', 'contention', 'rebuild', 'kafka', 'import', 'takeover', 'console'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  /** Size of the generated history for the rebuild and the queries (measurements 3, 4, 6). */
  events: number;
  partners: number;
  months: number;
  seed: number;
  /** Events appended through the port (and raw) in batches, and one by one (measurement 1). */
  appendEvents: number;
  appendSingleEvents: number;
  appendBatch: number;
  /** Autocannon (measurement 2). */
  httpSeconds: number;
  httpWarmupSeconds: number;
  httpConnections: number;
  httpPartners: number;
  /** Many connections on a few streams, then on one (measurement 7). */
  contentionSeconds: number;
  contentionConnections: number;
  contentionPartners: number;
  /** COMMAND_QUEUE_LIMIT of the ledger under contention (its default when unset). */
  contentionQueueLimit?: number;
  /** Events per projector batch, for the rebuild and its read-side ceiling (the ledger's default). */
  batchSize: number;
  /** Timed requests per query (after a warm-up) and how many clients send them at once. */
  queryRequests: number;
  queryConcurrency: number;
  /** Messages published for the Kafka ingest (measurement 5). */
  kafkaMessages: number;
  /** Facts in the bulk import's file (over `partners` partners). */
  importFacts: number;
  /** LEASE_TTL_MS of the ledgers whose take-over is measured, and how many SIGKILLs (measurement 9). */
  takeoverTtlMs: number;
  takeoverRounds: number;
  /** The console's first view (measurement 10): the history behind it, and page loads measured. */
  consoleEvents: number;
  consoleRounds: number;
  /** Rebuild progress at which the first memory peak is read (the second is at the end). */
  memoryCheckpoint: number;
  /** Size of the history replayed into MongoDB (its own, when it differs from `events`). */
  mongodbEvents: number;
  mongodbPartners: number;
  mongodbUrl?: string;
  mongodbDb?: string;
  kafkaBrokers?: string;
  /** Where results.json goes. */
  out: string;
  /** Parent of the temporary data folders (default: the system's temp folder). */
  workDir?: string;
  keepData: boolean;
  progress: boolean;
  /** The phases to run (all when unset). */
  only?: Phase[];
}

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const events = Number(env['BENCH_EVENTS'] ?? 1_000_000);
  return {
    events,
    partners: Number(env['BENCH_PARTNERS'] ?? 2_000),
    months: 24,
    seed: Number(env['BENCH_SEED'] ?? 42),
    appendEvents: 50_000,
    appendSingleEvents: 2_000,
    appendBatch: 100,
    httpSeconds: 10,
    httpWarmupSeconds: 2,
    httpConnections: 16,
    httpPartners: 200,
    contentionSeconds: 15,
    contentionConnections: 256,
    contentionPartners: 50,
    // The ledger's rebuild batch (PROJECTOR_REBUILD_BATCH_SIZE).
    batchSize: 5000,
    queryRequests: 2_000,
    queryConcurrency: 4,
    kafkaMessages: 100_000,
    importFacts: 100_000,
    takeoverTtlMs: 3000,
    takeoverRounds: 3,
    consoleEvents: 100_000,
    consoleRounds: 5,
    memoryCheckpoint: Math.round(events / 4),
    mongodbEvents: Number(env['BENCH_MONGODB_EVENTS'] ?? events),
    mongodbPartners: Number(env['BENCH_MONGODB_PARTNERS'] ?? env['BENCH_PARTNERS'] ?? 2_000),
    mongodbUrl: env['MONGODB_URL'] || undefined,
    mongodbDb: env['MONGODB_DB'] || undefined,
    kafkaBrokers: env['KAFKA_BROKERS'] || undefined,
    out: join(repoRoot, 'bench', 'results.json'),
    keepData: false,
    progress: true,
  };
}

const FLAGS: Record<string, keyof BenchOptions> = {
  '--events': 'events',
  '--partners': 'partners',
  '--months': 'months',
  '--seed': 'seed',
  '--append-events': 'appendEvents',
  '--append-single-events': 'appendSingleEvents',
  '--append-batch': 'appendBatch',
  '--http-seconds': 'httpSeconds',
  '--http-warmup-seconds': 'httpWarmupSeconds',
  '--connections': 'httpConnections',
  '--http-partners': 'httpPartners',
  '--contention-seconds': 'contentionSeconds',
  '--contention-connections': 'contentionConnections',
  '--contention-partners': 'contentionPartners',
  '--contention-queue-limit': 'contentionQueueLimit',
  '--batch-size': 'batchSize',
  '--query-requests': 'queryRequests',
  '--query-concurrency': 'queryConcurrency',
  '--kafka-messages': 'kafkaMessages',
  '--import-facts': 'importFacts',
  '--takeover-ttl-ms': 'takeoverTtlMs',
  '--takeover-rounds': 'takeoverRounds',
  '--console-events': 'consoleEvents',
  '--console-rounds': 'consoleRounds',
  '--memory-checkpoint': 'memoryCheckpoint',
  '--mongodb-events': 'mongodbEvents',
  '--mongodb-partners': 'mongodbPartners',
  '--out': 'out',
  '--work-dir': 'workDir',
};

export const USAGE = `npm run bench -- [options]
  --events N               generated history for rebuild and queries (default 1000000; env BENCH_EVENTS)
  --partners N             partners in it (default 2000; env BENCH_PARTNERS)
  --months N               months it spans (default 24)
  --seed N                 generator seed (default 42)
  --append-events N        events appended in batches, through the port and raw (default 50000)
  --append-single-events N events appended one per append (default 2000)
  --append-batch N         events per batched append (default 100)
  --http-seconds N         autocannon duration per route (default 10), after --http-warmup-seconds (default 2)
  --connections N          concurrent HTTP connections (default 16)
  --http-partners N        partners registered before the command run (default 200)
  --contention-seconds N   length of each contention run (default 15)
  --contention-connections N  connections posting incentives at once (default 256)
  --contention-partners N  partners they spread over in the first run (default 50); the second uses one
  --contention-queue-limit N  the ledger's COMMAND_QUEUE_LIMIT in those runs (default: the ledger's own)
  --batch-size N           events per projector batch, rebuild and its ceiling (default 5000, the ledger's rebuild batch)
  --query-requests N       timed requests per query (default 2000), --query-concurrency N clients (default 4)
  --kafka-messages N       messages for the Kafka ingest (default 10000; needs KAFKA_BROKERS)
  --import-facts N         facts in the bulk import's NDJSON file, over --partners partners (default 100000)
  --takeover-ttl-ms N      LEASE_TTL_MS of the two ledgers whose take-over is measured (default 3000),
  --takeover-rounds N      SIGKILLs of the lease holder measured (default 3)
  --console-events N       events behind the console's first view, the demo's size (default 100000)
  --console-rounds N       loads of the console's overview measured, after one warm-up (default 5)
  --memory-checkpoint N    events replayed at the first memory reading (default events/4)
  --mongodb-events N       history replayed into MongoDB (default: --events; env BENCH_MONGODB_EVENTS),
  --mongodb-partners N     with this many partners (default: --partners); a smaller one suits slow servers
  --out FILE               results file (default bench/results.json)
  --work-dir DIR           where the temporary data folders go (default: system temp)
  --keep-data              keep the data folders
  --only LIST              run only these phases, comma-separated: ${PHASES.join(', ')}
                           (rebuild = history generation, rebuild, queries and memory)
  --no-progress            no progress bars
MONGODB_URL (and MONGODB_DB) adds the MongoDB read-store runs; KAFKA_BROKERS adds the Kafka ingest.`;

export function parseArgs(argv: string[], base = defaultOptions()): BenchOptions {
  const options = { ...base };
  let eventsGiven = false;
  let checkpointGiven = false;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--keep-data') options.keepData = true;
    else if (flag === '--no-progress') options.progress = false;
    else if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    else if (flag === '--only') {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--only needs a value\n${USAGE}`);
      const names = value.split(',').map((name) => name.trim()).filter(Boolean);
      const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only: unknown phase ${unknown.join(', ') || '(none given)'}; one of ${PHASES.join(', ')}`);
      options.only = names as Phase[];
    }
    else if (flag in FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      const key = FLAGS[flag]!;
      if (key === 'out' || key === 'workDir') (options as Record<string, unknown>)[key] = value;
      else {
        const n = Number(value.replace(/_/g, ''));
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: not a positive number: ${value}`);
        (options as Record<string, unknown>)[key] = Math.round(n);
      }
      given.add(key);
      if (key === 'events') eventsGiven = true;
      if (key === 'memoryCheckpoint') checkpointGiven = true;
    } else throw new UsageError(`unknown option ${arg}\n${USAGE}`);
  }
  if (eventsGiven && !checkpointGiven) options.memoryCheckpoint = Math.round(options.events / 4);
  if (eventsGiven && !given.has('mongodbEvents') && base.mongodbEvents === base.events) options.mongodbEvents = options.events;
  if (given.has('partners') && !given.has('mongodbPartners') && base.mongodbPartners === base.partners) options.mongodbPartners = options.partners;
  return options;
}

export class UsageError extends Error {}
