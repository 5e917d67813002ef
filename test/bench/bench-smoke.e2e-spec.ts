import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhaseData, runBenchmark } from '../../apps/bench/src/benchmark';
import { defaultOptions, parseArgs, UsageError } from '../../apps/bench/src/options';
import { BenchResults, formatTable, writeResults } from '../../apps/bench/src/results';

/**
 * The benchmark at tiny sizes, so that it cannot rot: the same code as `npm run bench`
 * (append, HTTP with autocannon against the ledger in a child process, history generated
 * through the deciders, rebuild in the bench worker, queries, memory, contention on a few
 * streams and on one; MongoDB and Kafka when their URLs are set) must produce every measurement with positive figures, baselines
 * and ratios, in the table and in the results file.
 */
describe('bench (smoke, tiny sizes)', () => {
  const work = mkdtempSync(join(tmpdir(), 'ledger-bench-smoke-'));
  const out = join(work, 'results.json');
  let results: BenchResults;
  let table: string;
  let raw: PhaseData;

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    const options = parseArgs(
      [
        '--events', '2000', '--partners', '20', '--months', '6',
        '--append-events', '1000', '--append-single-events', '40', '--append-batch', '50',
        '--http-seconds', '2', '--http-warmup-seconds', '1', '--connections', '4', '--http-partners', '10',
        // A queue bound below the connections on one stream: some commands are refused (503).
        '--contention-seconds', '2', '--contention-connections', '8', '--contention-partners', '3', '--contention-queue-limit', '3',
        '--batch-size', '100', '--query-requests', '60', '--query-concurrency', '2', '--kafka-messages', '300', '--import-facts', '500',
        // MongoDB (when MONGODB_URL is set) replays a history of its own, smaller still: the
        // test servers (FerretDB) are far slower than MongoDB at upserts.
        '--mongodb-events', '150', '--mongodb-partners', '5',
        '--takeover-ttl-ms', '1500', '--takeover-rounds', '1',
        // The console's first view needs the built console (npm test builds it) and Chromium.
        '--console-events', '1500', '--console-rounds', '1',
        '--out', out, '--work-dir', work, '--no-progress',
      ],
      defaultOptions(process.env),
    );
    const { raw: phases, ...measured } = await runBenchmark(options);
    raw = phases;
    writeResults(options.out, measured);
    table = formatTable(measured);
    results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
  }, 480_000);

  it('writes every measurement with positive figures, baselines and ratios', () => {
    expect(existsSync(out)).toBe(true);
    const ids = results.measurements.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'append-batched', 'append-single', 'append-hashing', 'http-commands', 'rebuild-embedded',
        'query-embedded-scorecard', 'query-embedded-scorecards-by-revenue', 'query-embedded-history', 'query-embedded-leaderboard', 'query-embedded-rollup',
        'query-embedded-scorecards-by-attainment', 'query-embedded-margins-by-partner', 'query-embedded-margin-drift', 'memory-rebuild-embedded',
        'audit-export', 'memory-audit-export',
        'contention-spread', 'contention-hot', 'bulk-import', 'multi-instance-takeover', 'console-first-view',
      ]),
    );
    if (process.env['MONGODB_URL']) expect(ids).toEqual(expect.arrayContaining(['rebuild-mongodb', 'query-mongodb-history', 'memory-rebuild-mongodb']));
    if (process.env['KAFKA_BROKERS']) expect(ids).toContain('kafka-ingest');
    const wrong: string[] = [];
    for (const m of results.measurements) {
      for (const [what, figure] of Object.entries({ value: m.value, baseline: m.baseline.value, ratio: m.ratio, peakRss: m.peakRss })) {
        if (!(Number.isFinite(figure) && figure > 0)) wrong.push(`${m.id} ${what} = ${figure}`);
      }
      if (m.unit === 'ms' && !(m.p50Ms! > 0 && m.p99Ms! >= m.p50Ms!)) wrong.push(`${m.id} p50 ${m.p50Ms} p99 ${m.p99Ms}`);
    }
    expect(wrong).toEqual([]);
    expect(results.meta.sizes['events']).toBeGreaterThanOrEqual(2000);
    expect(results.meta.seconds).toBeGreaterThan(0);
  });

  it('contention: the hot stream holds every 2xx once, in each connection\'s order, no 503 recorded; nothing but 2xx and 503', () => {
    const { spread, hot } = raw.contention!;
    expect(hot.order).toMatchObject({ outOfOrder: 0, duplicated: 0, missing: 0, refusedButRecorded: 0, ok: true });
    expect(hot.order.events).toBeGreaterThan(0);
    expect(hot.overloaded).toBeGreaterThan(0); // the low bound was reached: the 503 path was checked too
    for (const run of [spread, hot]) expect({ otherNon2xx: run.otherNon2xx, firstOther: run.firstOther, timeouts: run.timeouts, errors: run.errors }).toEqual({ otherNon2xx: 0, firstOther: undefined, timeouts: 0, errors: 0 });
  });

  it('states what it did not measure, and why', () => {
    const reasons = results.skipped.map((s) => s.reason).join('\n');
    if (!process.env['KAFKA_BROKERS']) expect(reasons).toContain('KAFKA_BROKERS is not set');
    if (!process.env['MONGODB_URL']) expect(reasons).toContain('MONGODB_URL is not set');
  });

  it('prints a table with every measurement beside its baseline and ratio', () => {
    for (const m of results.measurements) expect(table).toContain(m.name);
    expect(table).toMatch(/\| Ratio +\|/);
    expect(table).toMatch(/\d+\.\d%/);
  });
});

describe('bench options', () => {
  it('--only picks phases by name and refuses unknown ones', () => {
    expect(parseArgs(['--only', 'http,contention']).only).toEqual(['http', 'contention']);
    expect(parseArgs([]).only).toBeUndefined();
    expect(() => parseArgs(['--only', 'http,nope'])).toThrow(UsageError);
  });
});
