import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../apps/bench/src/benchmark';
import { defaultOptions, parseArgs } from '../../apps/bench/src/options';
import { BenchResults, formatTable, writeResults } from '../../apps/bench/src/results';

/**
 * The benchmark at tiny sizes, so that it cannot rot: the same code as `npm run bench`
 * (append, HTTP with autocannon against the ledger in a child process, history generated
 * through the deciders, rebuild in the bench worker, queries, memory; MongoDB and Kafka
 * when their URLs are set) must produce every measurement with positive figures, baselines
 * and ratios, in the table and in the results file.
 */
describe('bench (smoke, tiny sizes)', () => {
  const work = mkdtempSync(join(tmpdir(), 'ledger-bench-smoke-'));
  const out = join(work, 'results.json');
  let results: BenchResults;
  let table: string;

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    const options = parseArgs(
      [
        '--events', '2000', '--partners', '20', '--months', '6',
        '--append-events', '1000', '--append-single-events', '40', '--append-batch', '50',
        '--http-seconds', '2', '--http-warmup-seconds', '1', '--connections', '4', '--http-partners', '10',
        '--batch-size', '100', '--query-requests', '60', '--query-concurrency', '2', '--kafka-messages', '300',
        // MongoDB (when MONGODB_URL is set) replays a history of its own, smaller still: the
        // test servers (FerretDB) are far slower than MongoDB at upserts.
        '--mongodb-events', '150', '--mongodb-partners', '5',
        '--out', out, '--work-dir', work, '--no-progress',
      ],
      defaultOptions(process.env),
    );
    const { raw: _raw, ...measured } = await runBenchmark(options);
    writeResults(options.out, measured);
    table = formatTable(measured);
    results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
  }, 180_000);

  it('writes every measurement with positive figures, baselines and ratios', () => {
    expect(existsSync(out)).toBe(true);
    const ids = results.measurements.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'append-batched', 'append-single', 'http-commands', 'rebuild-embedded',
        'query-embedded-scorecard', 'query-embedded-scorecards-by-revenue', 'query-embedded-history', 'memory-rebuild-embedded',
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
