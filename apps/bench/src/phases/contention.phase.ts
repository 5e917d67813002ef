import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders, LedgerProcess, registerPartners, startLedger, waitForReadModels } from '../support/ledger-process';
import { eventsFile } from './history-generator';
import { incentiveBody } from './http-commands.phase';

export interface ContentionArgs {
  dataDir: string;
  seconds: number;
  connections: number;
  /** Partners the first case spreads its commands over (the second uses one). */
  partners: number;
  /** COMMAND_QUEUE_LIMIT for the ledger; its own default when unset. */
  queueLimit?: number;
}

export interface ContentionRun {
  connections: number;
  partners: number;
  seconds: number;
  /** 2xx answers per second. */
  commandsPerSecond: number;
  recorded: number;
  /** Latency of the 2xx answers (autocannon's histogram, whole milliseconds). */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** 503 OVERLOADED answers: refused before anything was appended. */
  overloaded: number;
  slowestOverloadedMs: number;
  /** Any other answer than 2xx or 503 OVERLOADED; the first one, when there was one. */
  otherNon2xx: number;
  firstOther?: string;
  /** No answer within the client's 10 s timeout. */
  timeouts: number;
  /** Connection errors other than timeouts. */
  errors: number;
  /** 2xx answers slower than a second, and when (s into the run) the slowest was sent: a tail from the opening burst shows there. */
  recordedOver1s: number;
  slowestSentAtSeconds: number;
  peakRss: number;
}

/** What the hot stream holds, against what each connection sent and was answered. */
export interface OrderCheck {
  /** The run's events in the stream. */
  events: number;
  /** Events whose sequence number is not above the previous one of the same connection. */
  outOfOrder: number;
  /** Requests recorded more than once. */
  duplicated: number;
  /** Answered 2xx but not in the stream. */
  missing: number;
  /** Answered 503 but in the stream. */
  refusedButRecorded: number;
  /** Requests whose answer never came (in flight when the run ended, or timed out), and how many of them were recorded. */
  unansweredSent: number;
  unanswered: number;
  /**
   * The longest a request sent later was committed ahead of one sent earlier, over any two
   * connections (send times, client side): about the server's own jitter when the stream
   * takes commands in arrival order, seconds when it is a lottery.
   */
  maxOvertakingMs: number;
  ok: boolean;
}

export interface ContentionPhaseResult {
  spread: ContentionRun;
  hot: ContentionRun & { order: OrderCheck };
  queueLimit?: number;
  ledgerPeakRss: number;
}

/** One request as the client saw it. */
export interface Sent {
  n: number;
  connection: number;
  seq: number;
  sentAt: number;
  answeredAt?: number;
  status?: number;
}

/** Client timeout (s): an answer slower than this counts as an error, not as a latency. */
const CLIENT_TIMEOUT_SECONDS = 10;
const SPREAD_PREFIX = 'C';
const HOT_PARTNER = 'HOT00';
const MARKER = /^contention:([^:]+):(\d+)$/;
/**
 * What marks request n in the stream: its incentiveId, which is recorded in clear (the
 * reason is personal data, stored sealed; a challengeId must name a challenge that exists).
 */
export const markerOf = (tag: string, n: number) => `contention:${tag}:${n}`;

/**
 * Measurement 7 (issue 12): many connections posting AwardIncentive at once, first spread over
 * `partners` partners, then all on one partner, against the ledger as production runs it
 * (embedded, synchronous=FULL). No warm-up: the burst at the start is where commands used to
 * starve. Each request carries a unique Idempotency-Key and, in its incentiveId, its number; each
 * connection sends one request at a time, so its requests arrive in the order it sent them,
 * and the hot stream, read from events.sqlite once the ledger has stopped, must hold each
 * connection's requests in that order, every 2xx once and no 503.
 */
export async function contentionPhase(args: ContentionArgs): Promise<ContentionPhaseResult> {
  const env: Record<string, string> = { SQLITE_SYNCHRONOUS: 'FULL', ...(args.queueLimit !== undefined ? { COMMAND_QUEUE_LIMIT: String(args.queueLimit) } : {}) };
  const ledger = await startLedger(args.dataDir, env, 'ledger-contention');
  const whole = ledger.peak().start();
  const spreadIds = Array.from({ length: args.partners }, (_, i) => `${SPREAD_PREFIX}${String(i).padStart(5, '0')}`);
  let spread: ContentionRun;
  let hot: ContentionRun;
  let hotSent: Sent[];
  let ledgerPeakRss: number;
  const tag = Date.now().toString(36);
  try {
    await registerPartners(ledger.url, [...spreadIds, HOT_PARTNER]);
    await waitForReadModels(ledger.url);
    // After each run, the commands still queued when the clients left are let finish (a
    // stopping ledger does not wait for those whose client is gone), and the projectors catch up.
    const settle = async () => {
      await sleep(1000);
      await waitForReadModels(ledger.url);
    };
    spread = (await burst(ledger, args, (n) => spreadIds[n % spreadIds.length]!, `${tag}s`)).run;
    await settle();
    const hotRun = await burst(ledger, args, () => HOT_PARTNER, `${tag}h`);
    hot = { ...hotRun.run, partners: 1 };
    hotSent = hotRun.sent;
    await settle();
    ledgerPeakRss = whole.stop();
  } finally {
    await ledger.stop();
  }
  return { spread, hot: { ...hot, order: checkOrder(args.dataDir, `partner-${HOT_PARTNER}`, `${tag}h`, hotSent) }, queueLimit: args.queueLimit, ledgerPeakRss };
}

async function burst(ledger: LedgerProcess, args: ContentionArgs, partnerOf: (n: number) => string, tag: string): Promise<{ run: ContentionRun; sent: Sent[] }> {
  const sent: Sent[] = [];
  let overloaded = 0;
  let slowestOverloadedMs = 0;
  let otherNon2xx = 0;
  let firstOther: string | undefined;
  let connections = 0;
  const peak = ledger.peak().start();
  const result = await autocannon({
    url: ledger.url,
    connections: args.connections,
    duration: args.seconds,
    timeout: CLIENT_TIMEOUT_SECONDS,
    // Replaced by each connection's own in setupClient.
    requests: [{ method: 'GET', path: '/health/live' }],
    setupClient: (client) => {
      const connection = connections++;
      let seq = 0;
      let current: Sent | undefined;
      let first = true;
      // The first request is built before the connection opens: time it when it is written.
      client.on('request', () => {
        if (first && current) current.sentAt = performance.now();
        first = false;
      });
      client.setRequests([
        {
          method: 'POST',
          setupRequest: (request) => {
            current = { n: sent.length, connection, seq: seq++, sentAt: performance.now() };
            sent.push(current);
            const n = current.n;
            return {
              ...request, method: 'POST', path: `/partners/${partnerOf(n)}/incentives`,
              headers: { ...authHeaders, 'content-type': 'application/json', 'idempotency-key': `contention-${tag}-${n}` },
              body: JSON.stringify({ ...incentiveBody(n, `contention ${n}`), incentiveId: markerOf(tag, n) }),
            };
          },
          onResponse: (status, body) => {
            if (!current) return;
            current.status = status;
            current.answeredAt = performance.now();
            if (status >= 200 && status < 300) return;
            if (status === 503 && codeOf(body) === 'OVERLOADED') {
              overloaded++;
              slowestOverloadedMs = Math.max(slowestOverloadedMs, current.answeredAt - current.sentAt);
            } else {
              otherNon2xx++;
              firstOther ??= `${status} ${body.slice(0, 300)}`;
            }
          },
        },
      ]);
    },
  });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const firstSent = Math.min(...sent.map((r) => r.sentAt));
  let recordedOver1s = 0;
  let slowest: Sent | undefined;
  const latency = (r: Sent) => r.answeredAt! - r.sentAt;
  for (const r of sent) {
    if (r.status === undefined || r.status < 200 || r.status >= 300) continue;
    if (latency(r) > 1000) recordedOver1s++;
    if (!slowest || latency(r) > latency(slowest)) slowest = r;
  }
  return {
    sent,
    run: {
      connections: args.connections, partners: args.partners, seconds,
      commandsPerSecond: result['2xx'] / seconds, recorded: result['2xx'],
      p50Ms: result.latency.p50, p99Ms: result.latency.p99, p999Ms: result.latency.p99_9, maxMs: result.latency.max,
      overloaded, slowestOverloadedMs, otherNon2xx, ...(firstOther ? { firstOther } : {}),
      timeouts: result.timeouts, errors: result.errors - result.timeouts,
      recordedOver1s, slowestSentAtSeconds: slowest ? (slowest.sentAt - firstSent) / 1000 : 0,
      peakRss: peak.stop(),
    },
  };
}

function codeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** Reads the stream (in revision order) straight from the event store file. */
function checkOrder(dataDir: string, streamId: string, tag: string, sent: Sent[]): OrderCheck {
  const db = new Database(eventsFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT data FROM events WHERE stream_id = ? AND type = 'IncentiveAwarded' ORDER BY revision").pluck().all(streamId) as string[];
    return orderCheck(rows.map((row) => (JSON.parse(row) as { incentiveId?: string }).incentiveId ?? ''), tag, sent);
  } finally {
    db.close();
  }
}

/** The markers of a stream's incentives, in revision order, against the requests sent. */
export function orderCheck(markers: readonly string[], tag: string, sent: readonly Sent[]): OrderCheck {
  const times = new Map<number, number>();
  const lastSeq = new Map<number, number>();
  let events = 0;
  let outOfOrder = 0;
  let latestSent = -Infinity;
  let maxOvertakingMs = 0;
  for (const marker of markers) {
    const match = MARKER.exec(marker);
    if (!match || match[1] !== tag) continue;
    const request = sent[Number(match[2])];
    if (!request) throw new Error(`the stream holds request ${match[2]}, which was never sent`);
    events++;
    times.set(request.n, (times.get(request.n) ?? 0) + 1);
    const previous = lastSeq.get(request.connection);
    if (previous !== undefined && request.seq <= previous) outOfOrder++;
    lastSeq.set(request.connection, request.seq);
    maxOvertakingMs = Math.max(maxOvertakingMs, latestSent - request.sentAt);
    latestSent = Math.max(latestSent, request.sentAt);
  }
  let duplicated = 0;
  let missing = 0;
  let refusedButRecorded = 0;
  let unanswered = 0;
  let unansweredSent = 0;
  for (const request of sent) {
    const count = times.get(request.n) ?? 0;
    if (count > 1) duplicated++;
    if (request.status === undefined) {
      unansweredSent++;
      if (count > 0) unanswered++;
    } else if (request.status >= 200 && request.status < 300) {
      if (count === 0) missing++;
    } else if (count > 0) refusedButRecorded++;
  }
  return {
    events, outOfOrder, duplicated, missing, refusedButRecorded, unansweredSent, unanswered, maxOvertakingMs,
    ok: outOfOrder === 0 && duplicated === 0 && missing === 0 && refusedButRecorded === 0,
  };
}
