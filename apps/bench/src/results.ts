import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { MB } from './support/memory';

/** One figure beside its baseline, measured in the same run on the same machine. */
export interface Measurement {
  /** 1..6, the issue's numbering; 7, contention (issue 12). */
  section: number;
  id: string;
  name: string;
  /** The stack it ran on: embedded, mongodb, kafka. */
  stack: string;
  value: number;
  unit: string;
  /** Latency figures beside throughput ones (ms). */
  p50Ms?: number;
  p99Ms?: number;
  /** The tail, where it is the point (contention). */
  p999Ms?: number;
  maxMs?: number;
  baseline: { name: string; value: number; unit: string; p50Ms?: number; p99Ms?: number; p999Ms?: number; maxMs?: number };
  /**
   * value / baseline.value. For throughputs, the share of the ceiling reached (higher is
   * better); for latencies, how many times the baseline's (lower is better).
   */
  ratio: number;
  ratioKind: 'share-of-ceiling' | 'times-baseline';
  target?: { text: string; met: boolean };
  /** Peak RSS (bytes) of the process doing the work (the ledger, or the bench worker) during this measurement. */
  peakRss: number;
  peakRssOf: string;
  details?: Record<string, unknown>;
}

export interface Skipped {
  section: number;
  name: string;
  reason: string;
}

export interface BenchResults {
  meta: {
    startedAt: string;
    seconds: number;
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryMb: number;
    sizes: Record<string, number | string>;
    stacks: string[];
    /** Wall time of each phase (s). */
    phaseSeconds: Record<string, number>;
    /** os.loadavg() at the start and at the end: other work on the machine skews every figure. */
    loadAverage: { start: number[]; end: number[] };
    /** What the generated history holds. */
    history: Record<string, unknown>;
  };
  measurements: Measurement[];
  skipped: Skipped[];
}

export const loadAverage = () => loadavg().map((n) => Math.round(n * 100) / 100);

export function machine() {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / MB),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) => (n === undefined ? '' : n < 10 ? n.toFixed(2) : n.toFixed(1));

type Latencies = Pick<Measurement, 'p50Ms' | 'p99Ms' | 'p999Ms' | 'maxMs'>;

function formatFigure(value: number, unit: string, { p50Ms, p99Ms, p999Ms, maxMs }: Latencies): string {
  const tail = [...(p999Ms !== undefined ? [`p99.9 ${ms(p999Ms)}`] : []), ...(maxMs !== undefined ? [`max ${ms(maxMs)}`] : [])];
  if (unit === 'ms' && p50Ms === undefined) return `${ms(value)} ms`;
  if (unit === 'ms') return `${[`p50 ${ms(p50Ms)}`, `p99 ${ms(p99Ms)}`, ...tail].join(' / ')} ms`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  const rate = `${int(value)} ${unit}`;
  return p50Ms !== undefined ? `${rate} (${[`p50 ${ms(p50Ms)}`, `p99 ${ms(p99Ms)}`, ...tail].join(', ')} ms)` : rate;
}

function formatRatio(m: Measurement): string {
  if (m.ratioKind === 'times-baseline') return `${m.ratio.toFixed(2)}×`;
  const percent = m.ratio * 100;
  return `${percent >= 1 ? percent.toFixed(1) : percent.toPrecision(2)}%`;
}

/** The table `npm run bench` prints (and the README shows). */
export function formatTable(results: BenchResults): string {
  const rows = results.measurements.map((m) => [
    String(m.section),
    m.name,
    m.stack,
    formatFigure(m.value, m.unit, m),
    `${m.baseline.name}: ${formatFigure(m.baseline.value, m.baseline.unit, m.baseline)}`,
    formatRatio(m),
    m.target ? `${m.target.text} ${m.target.met ? 'met' : 'MISSED'}` : '',
    `${int(m.peakRss / MB)} MB ${m.peakRssOf}`,
  ]);
  const header = ['#', 'Measurement', 'Stack', 'Figure', 'Baseline (same run)', 'Ratio', 'Target', 'Peak RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  for (const s of results.skipped) out.push(`${s.section}. ${s.name}: not measured: ${s.reason}`);
  const { meta } = results;
  out.unshift(
    `Partner Ledger benchmark — ${meta.startedAt}, ${meta.seconds.toFixed(0)} s; node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.memoryMb} MB; ` +
      `load average ${meta.loadAverage.start[0]} at start, ${meta.loadAverage.end[0]} at end`,
    Object.entries(meta.sizes).map(([k, v]) => `${k}=${typeof v === 'number' ? int(v) : v}`).join(', '),
    '',
  );
  return out.join('\n');
}

export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
