import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { BenchOptions, Phase } from './options';
import { AppendPhaseResult } from './phases/append.phase';
import { contentionPhase, ContentionPhaseResult, ContentionRun } from './phases/contention.phase';
import { eventsFile, generateHistory, HistorySummary } from './phases/history-generator';
import { httpCommandsPhase, HttpPhaseResult } from './phases/http-commands.phase';
import { kafkaPhase, KafkaPhaseResult } from './phases/kafka.phase';
import { importPhase, ImportPhaseResult } from './phases/import.phase';
import { queriesPhase, QueriesPhaseResult } from './phases/queries.phase';
import { ExportPhaseResult } from './phases/export.phase';
import { RebuildPhaseResult, ReadStoreTarget } from './phases/rebuild.phase';
import { takeoverPhase, TakeoverResult } from './phases/takeover.phase';
import { consolePhase, ConsoleResult } from './phases/console.phase';
import { BenchResults, loadAverage, machine, Measurement, Skipped } from './results';
import { MB } from './support/memory';
import { progressBar, say } from './support/progress';
import { runInWorker } from './support/worker-client';

export const TARGETS = {
  appendBatchedShare: 0.5,
  httpShare: 0.25,
  /** Bulk import of a backfill, embedded, synchronous=FULL. */
  importFactsPerSecond: 20_000,
  /** Rebuilding every embedded projection against reading the events alone, in the same run. */
  rebuildShare: 0.5,
  queryP99Ms: 20,
  /** A leaderboard page, a roll-up and a ranking by attainment, each computed from several documents. */
  programQueryP99Ms: 50,
  /** Peak RSS at the end of a rebuild over the peak once a quarter was replayed. */
  memoryGrowth: 1.1,
  /** Many connections on a few streams: the tail and the slowest answer, no client timeout. */
  contentionP999Ms: 1000,
  contentionMaxMs: 2000,
  /** Batched Kafka ingest: a mixed stream of five fact types over 2,000 partners, synchronous=FULL. */
  kafkaMessagesPerSecond: 15_000,
  /** The console's overview on the 100k-event demo, from navigation to its key figures. */
  consoleFirstViewMs: 1000,
};

export interface PhaseData {
  /** Each absent when left out by --only. */
  append?: AppendPhaseResult;
  http?: HttpPhaseResult;
  contention?: ContentionPhaseResult;
  history?: HistorySummary;
  rebuild: { stack: string; result: RebuildPhaseResult }[];
  /** The audit export of the history (absent when the rebuild phase was left out). */
  auditExport?: ExportPhaseResult;
  queries: { stack: string; result: QueriesPhaseResult; history: HistorySummary }[];
  kafka?: KafkaPhaseResult;
  /** The bulk import (absent when left out, or without the append phase's baseline). */
  bulkImport?: ImportPhaseResult;
  takeover?: TakeoverResult;
  console?: ConsoleResult;
  phaseSeconds: Record<string, number>;
}

/** Every phase, in order; returns the results (also what the table and results.json show). */
export async function runBenchmark(options: BenchOptions): Promise<BenchResults & { raw: PhaseData }> {
  const startedAt = new Date();
  const started = Date.now();
  const loadAtStart = loadAverage();
  const phaseSeconds: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    say(options.progress, name);
    const t = Date.now();
    try {
      return await work();
    } finally {
      phaseSeconds[name] = (Date.now() - t) / 1000;
    }
  };
  const folders: string[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(join(options.workDir ?? tmpdir(), `ledger-bench-${name}-`));
    folders.push(dir);
    return dir;
  };
  const skipped: Skipped[] = [];
  let mongoCleanup: (() => Promise<void>) | undefined;
  const selected = (phase: Phase, section: number, name: string) => {
    if (!options.only || options.only.includes(phase)) return true;
    skipped.push({ section, name, reason: `not selected (--only ${options.only.join(',')})` });
    return false;
  };

  try {
    const append = selected('append', 1, 'Append through the port')
      ? await timed('1. append through the event-store port vs raw inserts', () =>
          runInWorker<AppendPhaseResult>('append', {
            batchedEvents: options.appendEvents, singleEvents: options.appendSingleEvents, batch: options.appendBatch, rounds: 3, workDir: options.workDir,
          }),
        )
      : undefined;

    const http = selected('http', 2, 'HTTP commands')
      ? await timed('2. HTTP commands vs GET /health/live (autocannon)', () =>
          httpCommandsPhase({ dataDir: folder('http'), seconds: options.httpSeconds, warmupSeconds: options.httpWarmupSeconds, connections: options.httpConnections, partners: options.httpPartners }),
        )
      : undefined;

    const contention = selected('contention', 7, 'Contention')
      ? await timed(`7. contention: ${options.contentionConnections} connections on ${options.contentionPartners} partners, then on one (autocannon)`, () =>
          contentionPhase({
            dataDir: folder('contention'), seconds: options.contentionSeconds, connections: options.contentionConnections, partners: options.contentionPartners,
            ...(options.contentionQueueLimit !== undefined ? { queueLimit: options.contentionQueueLimit } : {}),
          }),
        )
      : undefined;

    const rebuild: PhaseData['rebuild'] = [];
    const queries: PhaseData['queries'] = [];
    const stacks: { stack: string; target: ReadStoreTarget; env: Record<string, string>; dataDir: string; history: HistorySummary; memoryCheckpoint: number }[] = [];
    let history: HistorySummary | undefined;
    let auditExport: ExportPhaseResult | undefined;
    if (selected('rebuild', 3, 'History, rebuild, queries and memory (3, 4, 6)')) {
      const dataDir = folder('history');
      history = await timed(`generating ${options.events.toLocaleString('en-US')} events for ${options.partners} partners`, async () => {
        const bar = progressBar(options.progress, 'generating history', options.events);
        try {
          return await generateHistory({ file: eventsFile(dataDir), events: options.events, partners: options.partners, months: options.months, seed: options.seed, onProgress: (n) => bar.update(n) });
        } finally {
          bar.stop();
        }
      });

      stacks.push({ stack: 'embedded', target: { kind: 'embedded' }, env: {}, dataDir, history, memoryCheckpoint: options.memoryCheckpoint });
      if (options.mongodbUrl) {
        const database = `${options.mongodbDb ?? 'ledger_bench'}_${Date.now().toString(36)}`;
        // Its own, smaller history when asked (--mongodb-events): some servers are much slower.
        const own = options.mongodbEvents !== options.events || options.mongodbPartners !== options.partners;
        const mongoDir = own ? folder('history-mongodb') : dataDir;
        const mongoHistory = own
          ? await timed(`generating ${options.mongodbEvents.toLocaleString('en-US')} events for ${options.mongodbPartners} partners (MongoDB runs)`, () =>
              generateHistory({ file: eventsFile(mongoDir), events: options.mongodbEvents, partners: options.mongodbPartners, months: options.months, seed: options.seed }),
            )
          : history;
        stacks.push({
          stack: 'mongodb', target: { kind: 'mongodb', url: options.mongodbUrl, database }, env: { MONGODB_URL: options.mongodbUrl, MONGODB_DB: database },
          dataDir: mongoDir, history: mongoHistory, memoryCheckpoint: Math.round((options.memoryCheckpoint * mongoHistory.events) / Math.max(1, history.events)),
        });
        mongoCleanup = async () => {
          const client = await MongoClient.connect(options.mongodbUrl!);
          try {
            await client.db(database).dropDatabase();
          } finally {
            await client.close();
          }
        };
      } else {
        skipped.push({ section: 3, name: 'Rebuild and queries on MongoDB', reason: 'MONGODB_URL is not set' });
      }
      auditExport = await timed(`8. exporting ${history.events.toLocaleString('en-US')} events as NDJSON vs reading them alone`, () =>
        runInWorker<ExportPhaseResult>('export', { dataDir, batchSize: options.batchSize, memoryCheckpoint: options.memoryCheckpoint, progress: options.progress }),
      );
      for (const stack of stacks) {
        const result = await timed(`3. rebuilding the read models (${stack.stack}) vs reading the events alone`, () =>
          runInWorker<RebuildPhaseResult>('rebuild', {
            dataDir: stack.dataDir, batchSize: options.batchSize, memoryCheckpoint: stack.memoryCheckpoint, readStore: stack.target, progress: options.progress,
          }),
        );
        rebuild.push({ stack: stack.stack, result });
        const q = await timed(`4. queries at ${stack.history.events.toLocaleString('en-US')} events (${stack.stack})`, () =>
          queriesPhase({
            dataDir: stack.dataDir, env: stack.env, partnerIds: stack.history.partnerIds, periods: stack.history.periods, challengeIds: stack.history.challengeIds,
            requests: options.queryRequests, targets: { plain: TARGETS.queryP99Ms, program: TARGETS.programQueryP99Ms },
            concurrency: options.queryConcurrency, seed: options.seed, label: stack.stack,
          }),
        );
        queries.push({ stack: stack.stack, result: q, history: stack.history });
      }
    }

    let kafka: KafkaPhaseResult | undefined;
    if (selected('kafka', 5, 'Kafka ingest')) {
      if (options.kafkaBrokers) {
        kafka = await timed('5. Kafka ingest vs a no-op kafkajs consumer', () => kafkaPhase({ brokers: options.kafkaBrokers!, messages: options.kafkaMessages, dataDir: folder('kafka') }));
      } else {
        skipped.push({ section: 5, name: 'Kafka ingest', reason: 'KAFKA_BROKERS is not set' });
      }
    }

    let bulkImport: ImportPhaseResult | undefined;
    if (selected('import', 5, 'Bulk import')) {
      if (append) {
        bulkImport = await timed(`5. bulk import of ${options.importFacts.toLocaleString('en-US')} facts (ledger import) vs batched appends`, () =>
          importPhase({ facts: options.importFacts, partners: options.partners, dataDir: folder('import') }),
        );
      } else {
        skipped.push({ section: 5, name: 'Bulk import', reason: 'its baseline is the append phase\'s batched appends: run it too (--only append,import)' });
      }
    }

    const takeover = selected('takeover', 9, 'Multi-instance takeover time')
      ? await timed(`9. two ledgers on one data directory: SIGKILL of the lease holder until the other projects (LEASE_TTL_MS=${options.takeoverTtlMs})`, () =>
          takeoverPhase({ dataDir: folder('takeover'), ttlMs: options.takeoverTtlMs, rounds: options.takeoverRounds }),
        )
      : undefined;

    const consoleView = selected('console', 10, 'Console first view')
      ? await timed(`10. the console's overview in headless Chromium on ${options.consoleEvents} events`, () =>
          consolePhase({ dataDir: folder('console'), events: options.consoleEvents, partners: options.partners, months: options.months, seed: options.seed, rounds: options.consoleRounds }),
        )
      : undefined;

    const raw: PhaseData = { append, http, contention, history, rebuild, auditExport, queries, kafka, bulkImport, takeover, console: consoleView, phaseSeconds };
    return {
      meta: {
        startedAt: startedAt.toISOString(),
        seconds: (Date.now() - started) / 1000,
        ...machine(),
        sizes: {
          ...(options.only ? { only: options.only.join(',') } : {}),
          events: history?.events ?? options.events, partners: options.partners, months: options.months, appendEvents: options.appendEvents, appendSingleEvents: options.appendSingleEvents,
          appendBatch: options.appendBatch, httpSeconds: options.httpSeconds, connections: options.httpConnections, batchSize: options.batchSize,
          queryRequests: options.queryRequests, queryConcurrency: options.queryConcurrency,
          contentionSeconds: options.contentionSeconds, contentionConnections: options.contentionConnections, contentionPartners: options.contentionPartners,
          ...(options.contentionQueueLimit !== undefined ? { contentionQueueLimit: options.contentionQueueLimit } : {}),
          ...(stacks.length > 1 ? { mongodbEvents: stacks[1]!.history.events, mongodbPartners: options.mongodbPartners } : {}),
          ...(kafka ? { kafkaMessages: kafka.messages } : {}),
          ...(bulkImport ? { importFacts: bulkImport.facts } : {}),
        },
        stacks: stacks.map((s) => s.stack).concat(kafka ? ['kafka'] : []),
        phaseSeconds,
        loadAverage: { start: loadAtStart, end: loadAverage() },
        history: history
          ? {
              events: history.events, appends: history.appends, partners: history.partnerIds.length, periods: `${history.periods[0]}..${history.periods[history.periods.length - 1]}`,
              generationSeconds: history.seconds, byType: history.byType, refusals: history.refusals, tiers: history.tiers,
            }
          : {},
      },
      measurements: measurements(raw),
      skipped,
      raw,
    };
  } finally {
    await mongoCleanup?.().catch(() => undefined);
    if (!options.keepData) for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    else say(options.progress, `data kept in ${folders.join(', ')}`);
  }
}

const share = (value: number, ceiling: number) => value / ceiling;
/** 1M, 250k, 2,000. */
const compact = (n: number) => (n >= 1e6 && n % 1e5 < 1e3 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : n.toLocaleString('en-US'));

/** The figures, each beside its baseline. */
/** Section 6: memory stays flat when a job's peak at the end is no more than its peak a part of the way through. */
function flatMemoryRow(row: { id: string; stack: string; what: string; done: string; events: number; memory: RebuildPhaseResult['memory'] }): Measurement {
  const m = row.memory;
  const growth = m.peakRssAtEnd / Math.max(1, m.peakRssAtCheckpoint);
  return {
    section: 6, id: row.id, stack: row.stack,
    name: `${row.what}: peak RSS after ${compact(row.events)} vs ${compact(m.checkpointEvents)} events`,
    value: m.peakRssAtEnd / MB, unit: 'MB',
    baseline: { name: `peak RSS after ${compact(m.checkpointEvents)} events ${row.done}`, value: m.peakRssAtCheckpoint / MB, unit: 'MB' },
    ratio: growth, ratioKind: 'times-baseline',
    target: { text: `flat (≤ ${TARGETS.memoryGrowth}×)`, met: growth <= TARGETS.memoryGrowth },
    peakRss: m.peakRssAtEnd, peakRssOf: '(bench worker)',
    details: { samples: m.samples.map((s) => ({ events: s.events, rssMb: Math.round(s.rss / MB), heapUsedMb: Math.round(s.heapUsed / MB) })) },
  };
}

export function measurements(data: PhaseData): Measurement[] {
  const out: Measurement[] = [];
  const { append, http, contention } = data;

  if (append) {
    for (const [id, run, name, target] of [
      ['append-batched', append.batched, `Append through the port, ${append.batch} events per append`, true],
      ['append-single', append.single, 'Append through the port, one event per append', false],
    ] as const) {
      const ratio = share(run.port.eventsPerSecond, run.raw.eventsPerSecond);
      out.push({
        section: 1, id, stack: 'embedded', name,
        value: run.port.eventsPerSecond, unit: 'events/s',
        baseline: { name: 'raw INSERTs, same schema, pragmas and transactions', value: run.raw.eventsPerSecond, unit: 'events/s' },
        ratio, ratioKind: 'share-of-ceiling',
        ...(target ? { target: { text: `≥ ${TARGETS.appendBatchedShare * 100}%`, met: ratio >= TARGETS.appendBatchedShare } } : {}),
        peakRss: append.peakRss, peakRssOf: '(bench worker, with its test rows)',
        details: { eventsPerRun: run.port.events, medianOf: run.rounds },
      });
    }
    out.push({
      section: 1, id: 'append-hashing', stack: 'embedded', name: `Append cost of hashing (ratio to before), ${append.batch} events per append`,
      value: append.batched.port.eventsPerSecond, unit: 'events/s',
      baseline: { name: 'the same appends through the port, hash chain turned off', value: append.unchained.port.eventsPerSecond, unit: 'events/s' },
      ratio: share(append.batched.port.eventsPerSecond, append.unchained.port.eventsPerSecond), ratioKind: 'share-of-ceiling',
      peakRss: append.peakRss, peakRssOf: '(bench worker, with its test rows)',
      details: { eventsPerRun: append.batched.port.events, medianOf: { chained: append.batched.rounds.port, unchained: append.unchained.rounds } },
    });
  }

  if (http) {
    const httpRatio = share(http.commands.requestsPerSecond, http.trivial.requestsPerSecond);
    out.push({
      section: 2, id: 'http-commands', stack: 'embedded', name: 'HTTP commands (mixed POSTs)',
      value: http.commands.requestsPerSecond, unit: 'commands/s', p50Ms: http.commands.p50Ms, p99Ms: http.commands.p99Ms,
      baseline: { name: 'GET /health/live', value: http.trivial.requestsPerSecond, unit: 'requests/s', p50Ms: http.trivial.p50Ms, p99Ms: http.trivial.p99Ms },
      ratio: httpRatio, ratioKind: 'share-of-ceiling',
      target: { text: `≥ ${TARGETS.httpShare * 100}%`, met: httpRatio >= TARGETS.httpShare },
      peakRss: http.commands.peakRss, peakRssOf: '(ledger)',
      details: {
        commands: http.commands.requests, trivialRuns: http.trivial.runs, mix: http.commands.mix, projectionLagAfter: http.commands.projectionLagAfter,
        readModelCatchUpMs: http.commands.readModelCatchUpMs, trivialPeakRss: http.trivial.peakRss, ledgerPeakRss: http.ledgerPeakRss,
      },
    });
  }

  for (const { stack, result } of data.rebuild) {
    out.push({
      section: 3, id: `rebuild-${stack}`, stack, name: `Projection rebuild of ${compact(result.rebuild.events)} events, all ${result.rebuild.projections.length} projections in one reading`,
      value: result.rebuild.eventsPerSecond, unit: 'events/s',
      baseline: { name: 'readAll alone, same batches', value: result.ceiling.eventsPerSecond, unit: 'events/s' },
      ratio: share(result.rebuild.eventsPerSecond, result.ceiling.eventsPerSecond), ratioKind: 'share-of-ceiling',
      ...(stack === 'embedded'
        ? { target: { text: `≥ ${TARGETS.rebuildShare * 100}% of reading alone`, met: result.rebuild.eventsPerSecond >= TARGETS.rebuildShare * result.ceiling.eventsPerSecond } }
        : {}),
      peakRss: result.peakRss, peakRssOf: '(bench worker)',
      details: { events: result.rebuild.events, seconds: result.rebuild.seconds, projections: result.rebuild.projections, ceilingRuns: result.ceiling.runs },
    });
  }

  for (const { stack, result } of data.rebuild) {
    const tree = result.auditTree;
    out.push({
      section: 3, id: `audit-tree-${stack}`, stack, name: `Audit tree maintenance: the Merkle tree alone rebuilt over ${compact(tree.events)} events`,
      value: tree.eventsPerSecond, unit: 'events/s',
      baseline: { name: 'readAll alone, same batches', value: result.ceiling.eventsPerSecond, unit: 'events/s' },
      ratio: share(tree.eventsPerSecond, result.ceiling.eventsPerSecond), ratioKind: 'share-of-ceiling',
      peakRss: result.peakRss, peakRssOf: '(bench worker)',
      details: { events: tree.events, seconds: tree.seconds },
    });
  }

  for (const { stack, result, history } of data.queries) {
    for (const query of result.queries) {
      out.push({
        section: 4, id: `query-${stack}-${query.key}`, stack, name: `Query at ${compact(history.events)} events: ${query.name}`,
        value: query.p99Ms, unit: 'ms', p50Ms: query.p50Ms, p99Ms: query.p99Ms,
        baseline: { name: `${result.trivial.name}, same client`, value: result.trivial.p99Ms, unit: 'ms', p50Ms: result.trivial.p50Ms, p99Ms: result.trivial.p99Ms },
        ratio: query.p99Ms / result.trivial.p99Ms, ratioKind: 'times-baseline',
        target: { text: `p99 ≤ ${query.targetP99Ms} ms`, met: query.p99Ms <= query.targetP99Ms },
        peakRss: query.peakRss, peakRssOf: '(ledger)',
        details: {
          example: query.example, requests: query.requests, meanMs: query.meanMs, maxMs: query.maxMs, requestsPerSecond: query.requestsPerSecond,
          bodyBytes: query.lastBodyBytes, events: history.events, partners: history.partnerIds.length, ledgerStartupMs: result.startupMs, ledgerPeakRss: result.ledgerPeakRss,
        },
      });
    }
  }

  if (data.kafka) {
    const k = data.kafka;
    out.push({
      section: 5, id: 'kafka-ingest', stack: 'kafka', name: 'Kafka ingest, topic to read models',
      value: k.ledger.messagesPerSecond, unit: 'messages/s',
      baseline: { name: 'kafkajs consumer doing nothing', value: k.noop.messagesPerSecond, unit: 'messages/s' },
      ratio: share(k.ledger.messagesPerSecond, k.noop.messagesPerSecond), ratioKind: 'share-of-ceiling',
      target: { text: `≥ ${TARGETS.kafkaMessagesPerSecond.toLocaleString('en-US')} messages/s`, met: k.ledger.messagesPerSecond >= TARGETS.kafkaMessagesPerSecond },
      peakRss: k.ledgerPeakRss, peakRssOf: '(ledger)',
      details: { messages: k.messages, partitions: k.partitions, deadLettered: k.ledger.deadLettered, events: k.ledger.events, seconds: k.ledger.seconds, noopSeconds: k.noop.seconds },
    });
  }

  if (data.bulkImport && append) {
    const i = data.bulkImport;
    out.push({
      section: 5, id: 'bulk-import', stack: 'embedded', name: `Bulk import of ${compact(i.facts)} facts (ledger import, NDJSON, synchronous=FULL)`,
      value: i.factsPerSecond, unit: 'facts/s',
      baseline: { name: 'batched appends through the port (section 1), same run', value: append.batched.port.eventsPerSecond, unit: 'events/s' },
      ratio: share(i.factsPerSecond, append.batched.port.eventsPerSecond), ratioKind: 'share-of-ceiling',
      target: { text: `≥ ${TARGETS.importFactsPerSecond.toLocaleString('en-US')} facts/s`, met: i.factsPerSecond >= TARGETS.importFactsPerSecond },
      peakRss: i.peakRss, peakRssOf: '(ledger import)',
      details: { facts: i.facts, recorded: i.recorded, refused: i.refused, seconds: i.seconds },
    });
  }

  for (const { stack, result } of data.rebuild) {
    out.push(flatMemoryRow({ id: `memory-rebuild-${stack}`, stack, what: 'Rebuild memory', done: 'replayed', events: result.rebuild.events, memory: result.memory }));
  }

  if (data.auditExport) {
    const { export: run, ceiling, memory: m } = data.auditExport;
    out.push({
      section: 8, id: 'audit-export', stack: 'embedded', name: `Audit export of ${compact(run.events)} events as NDJSON (GET /audit/export, ledger audit export)`,
      value: run.eventsPerSecond, unit: 'events/s',
      baseline: { name: 'readAll alone, same batches', value: ceiling.eventsPerSecond, unit: 'events/s' },
      ratio: share(run.eventsPerSecond, ceiling.eventsPerSecond), ratioKind: 'share-of-ceiling',
      peakRss: m.peakRssAtEnd, peakRssOf: '(bench worker)',
      details: { events: run.events, seconds: run.seconds, megabytes: Math.round(run.bytes / MB), bytesPerEvent: Math.round(run.bytes / Math.max(1, run.events)) },
    });
    out.push(flatMemoryRow({ id: 'memory-audit-export', stack: 'embedded', what: 'Audit export memory', done: 'exported', events: run.events, memory: m }));
  }

  if (data.console) {
    const c = data.console;
    out.push({
      section: 10, id: 'console-first-view', stack: 'embedded', name: `Console first view: #/overview's key figures on screen in headless Chromium, ${compact(c.events)} events`,
      value: c.medianFirstViewMs, unit: 'ms', p50Ms: c.medianFirstViewMs, p99Ms: Math.max(...c.firstViewMs), maxMs: Math.max(...c.firstViewMs),
      baseline: { name: 'the console\'s shell alone (page, bundle, key check)', value: c.medianShellMs, unit: 'ms' },
      ratio: c.medianFirstViewMs / Math.max(1, c.medianShellMs), ratioKind: 'times-baseline',
      target: { text: `first view < ${TARGETS.consoleFirstViewMs} ms`, met: c.medianFirstViewMs < TARGETS.consoleFirstViewMs },
      peakRss: c.peakRss, peakRssOf: '(the ledger serving the console)',
      details: { firstViewMs: c.firstViewMs.map(Math.round), settledMs: c.settledMs.map(Math.round), medianSettledMs: Math.round(c.medianSettledMs), shellMs: c.shellMs.map(Math.round) },
    });
  }

  if (data.takeover) {
    const t = data.takeover;
    // A lease lasts 2/3 of the TTL and is asked for every 1/3: the take-over itself is bounded by the TTL; catching up comes on top.
    out.push({
      section: 9, id: 'multi-instance-takeover', stack: 'embedded', name: 'Multi-instance takeover time: SIGKILL of the lease holder to the next event projected by the other instance',
      value: t.medianMs, unit: 'ms', p50Ms: t.medianMs, p99Ms: t.maxMs, maxMs: t.maxMs,
      baseline: { name: 'LEASE_TTL_MS', value: t.ttlMs, unit: 'ms' },
      ratio: t.medianMs / t.ttlMs, ratioKind: 'times-baseline',
      target: { text: `every round ≤ LEASE_TTL_MS + 1 s`, met: t.maxMs <= t.ttlMs + 1000 },
      peakRss: t.peakRss, peakRssOf: '(the ledger taking over)',
      details: { rounds: t.takeoverMs.map((ms) => Math.round(ms)), ttlMs: t.ttlMs },
    });
  }

  if (contention) {
    const { spread, hot } = contention;
    const tail = (run: ContentionRun) => ({ p50Ms: run.p50Ms, p99Ms: run.p99Ms, p999Ms: run.p999Ms, maxMs: run.maxMs });
    const counts = (run: ContentionRun) => ({
      seconds: run.seconds, connections: run.connections, partners: run.partners, commandsPerSecond: run.commandsPerSecond, recorded: run.recorded,
      overloaded503: run.overloaded, slowestOverloadedMs: run.slowestOverloadedMs, otherNon2xx: run.otherNon2xx, ...(run.firstOther ? { firstOther: run.firstOther } : {}),
      clientTimeouts: run.timeouts, errors: run.errors, recordedOver1s: run.recordedOver1s, slowestSentAtSeconds: run.slowestSentAtSeconds, queueLimit: contention.queueLimit ?? 'ledger default',
    });
    const clean = (run: ContentionRun) => run.timeouts === 0 && run.errors === 0 && run.otherNon2xx === 0;
    out.push({
      section: 7, id: 'contention-spread', stack: 'embedded', name: `Contention: p99.9 latency, ${spread.connections} connections on ${spread.partners} partners (incentives)`,
      value: spread.p999Ms, unit: 'ms', ...tail(spread),
      baseline: { name: 'p50 of the same answers', value: spread.p50Ms, unit: 'ms' },
      // autocannon counts whole milliseconds: a median under 1 ms reads as 1.
      ratio: spread.p999Ms / Math.max(1, spread.p50Ms), ratioKind: 'times-baseline',
      target: {
        text: `p99.9 ≤ ${TARGETS.contentionP999Ms / 1000} s, max ≤ ${TARGETS.contentionMaxMs / 1000} s, no timeout`,
        met: spread.p999Ms <= TARGETS.contentionP999Ms && spread.maxMs <= TARGETS.contentionMaxMs && clean(spread),
      },
      peakRss: spread.peakRss, peakRssOf: '(ledger)',
      details: counts(spread),
    });
    out.push({
      section: 7, id: 'contention-hot', stack: 'embedded', name: `Contention: one hot stream, ${hot.connections} connections on one partner (incentives)`,
      value: hot.commandsPerSecond, unit: 'commands/s', ...tail(hot),
      baseline: { name: `${spread.connections} connections on ${spread.partners} partners, same run`, value: spread.commandsPerSecond, unit: 'commands/s', ...tail(spread) },
      ratio: share(hot.commandsPerSecond, spread.commandsPerSecond), ratioKind: 'share-of-ceiling',
      target: {
        text: `2xx ≤ ${TARGETS.contentionMaxMs / 1000} s (else 503), arrival order`,
        met: hot.maxMs <= TARGETS.contentionMaxMs && clean(hot) && hot.order.ok,
      },
      peakRss: hot.peakRss, peakRssOf: '(ledger)',
      details: { ...counts(hot), order: hot.order, ledgerPeakRss: contention.ledgerPeakRss },
    });
  }
  return out;
}
