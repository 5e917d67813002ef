import { Agent, request } from 'node:http';

export interface LatencyResult {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  requestsPerSecond: number;
  /** Bytes of the last answer, to show what was measured. */
  lastBodyBytes: number;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, method: 'GET' }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Latency of GET requests, timed one by one (sub-millisecond resolution, which autocannon's
 * histogram lacks), from `concurrency` clients on kept-alive connections. `path(i)` varies
 * what is asked. Anything but 200 fails the measurement: a fast error is not a fast query.
 */
export async function measureLatency(
  base: string, path: (i: number) => string, options: { requests: number; warmup: number; concurrency: number; headers: Record<string, string> },
): Promise<LatencyResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    const run = async (count: number, offset: number, record: number[] | undefined) => {
      let next = 0;
      let lastBodyBytes = 0;
      const client = async () => {
        for (let i = next++; i < count; i = next++) {
          const target = new URL(path(offset + i), base);
          const started = process.hrtime.bigint();
          const { status, bytes } = await get(agent, target, options.headers);
          const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
          if (status !== 200) throw new Error(`GET ${target.pathname}${target.search} answered ${status}`);
          record?.push(elapsed);
          lastBodyBytes = bytes;
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, client));
      return lastBodyBytes;
    };
    await run(options.warmup, 1_000_000, undefined);
    const times: number[] = [];
    const started = process.hrtime.bigint();
    const lastBodyBytes = await run(options.requests, 0, times);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    times.sort((a, b) => a - b);
    return {
      requests: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      meanMs: times.reduce((a, b) => a + b, 0) / times.length,
      maxMs: times[times.length - 1]!,
      requestsPerSecond: times.length / seconds,
      lastBodyBytes,
    };
  } finally {
    agent.destroy();
  }
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
