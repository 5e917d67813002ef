import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InvalidArgumentError } from 'commander';
import { rulesInForce, streams } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../../config/ledger-config';
import { COOP_REACTOR_CHECKPOINT } from '../../coop';
import { ProgramVersions } from '../../write/program';
import { stopOnInterrupt } from '../interrupt';
import { progressBar } from '../progress';
import { DemoCommand, demoPlan, demoPlanId, DemoPlanOptions, demoWindow, validateDemoOptions } from './demo-plan';
import { DemoSummary, runDemo } from './demo-runner';

/** `ledger demo`: options as commander parses them. */
export interface DemoCliOptions {
  partners: number;
  events: number;
  seed: number;
  months: number;
  until?: string;
  concurrency: number;
}

export interface DemoReport extends DemoSummary {
  window: { start: string; end: string };
  /** The event store's head position before and after: equal on a re-run. */
  head: { before: string; after: string };
  /** Highest resident set size sampled during the run, in MiB. */
  peakRssMiB: number;
}

/** commander argument parser for whole numbers. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
}

/** The plan of these options on this ledger. */
export async function demoPlanOptions(app: INestApplicationContext, options: Omit<DemoCliOptions, 'concurrency'>): Promise<DemoPlanOptions> {
  // The plan starts from the version in force when its window opens (version 1 on a fresh ledger), never
  // from today's: the demo's own version 2, published by a first run, must not change the plan of a re-run.
  const versions = await app.get(ProgramVersions).all();
  const rules = rulesInForce(versions, demoWindow({ seed: options.seed, months: options.months, until: options.until }).start) ?? versions[0];
  const planOptions = { seed: options.seed, partners: options.partners, events: options.events, months: options.months, until: options.until, rules };
  validateDemoOptions(planOptions);
  return planOptions;
}

/** Writes the demo history into the ledger the context opened; progress on stderr when it is a terminal. */
export async function runDemoCommand(app: INestApplicationContext, options: DemoCliOptions, showProgress = process.stderr.isTTY): Promise<DemoReport> {
  const planOptions = await demoPlanOptions(app, options);
  if (!(options.concurrency >= 1 && options.concurrency <= 1024)) throw new RangeError('concurrency must be from 1 to 1024');
  const window = demoWindow(planOptions);
  const store = app.get<EventStore>(EVENT_STORE);
  await refuseAnotherPlanOfTheSameSeed(store, planOptions);
  const before = await store.headPosition();

  const interrupt = stopOnInterrupt('after the commands in flight');
  const bar = showProgress ? progressBar('demo events', options.events) : undefined;
  let peakRss = process.memoryUsage.rss();
  let lastSample = 0;
  try {
    const summary = await runDemo(app.get(CommandBus), demoPlan(planOptions), {
      targetEvents: options.events,
      concurrency: options.concurrency,
      correlationId: demoPlanId(planOptions),
      signal: interrupt.signal,
      onProgress: ({ events }) => {
        const now = Date.now();
        if (now - lastSample < 100) return;
        lastSample = now;
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        bar?.update(Math.min(events, options.events));
      },
    });
    bar?.update(Math.min(summary.events, options.events));
    if (summary.stoppedBy === 'target') await coopReactorCaughtUp(app, store);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const after = await store.headPosition();
    return {
      ...summary,
      window: { start: window.start, end: window.end },
      head: { before: before.toString(), after: after.toString() },
      peakRssMiB: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    bar?.stop();
    interrupt.dispose();
  }
}

const REACTOR_WAIT_MS = 120_000;

/**
 * The co-op reactor's accruals and clawbacks of the demo's wins and reversals: recorded by the
 * ledger, not sent by the demo. When the reactor runs here, the demo waits for it to reach the
 * store's head, so that the report's head includes them and a run again finds nothing to add.
 */
export async function coopReactorCaughtUp(app: INestApplicationContext, store: EventStore): Promise<void> {
  if (!app.get<LedgerConfig>(LEDGER_CONFIG).coopReactor.enabled) return;
  const checkpoints = app.get<ReadStore>(READ_STORE);
  const deadline = Date.now() + REACTOR_WAIT_MS;
  for (;;) {
    const [head, reached] = [await store.headPosition(), await checkpoints.checkpoint(COOP_REACTOR_CHECKPOINT)];
    if (reached !== null && reached >= head) return;
    if (Date.now() > deadline) throw new Error(`the co-op reactor did not reach the store's head (${head}) within ${REACTOR_WAIT_MS / 1000} s: it is at ${reached ?? 'the start'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The same seed with other sizes or another window is another plan over the same ids: its
 * commands would be refused or land on the first plan's partners. Say so before writing.
 */
async function refuseAnotherPlanOfTheSameSeed(store: EventStore, options: DemoPlanOptions): Promise<void> {
  // The plan opens with its quarter's challenges and its typologies' targets: its first partner names it.
  let first: DemoCommand | undefined;
  for (const command of demoPlan(options)) {
    if (command.type !== 'RegisterPartner') continue;
    first = command;
    break;
  }
  if (!first) return;
  const [registered] = await store.readStream(streams.partner(first.partnerId), { maxCount: 1 });
  const key = registered?.metadata.idempotencyKey;
  const planId = demoPlanId(options);
  if (registered && !(typeof key === 'string' && key.startsWith(`${planId}:`))) {
    throw new Error(
      `this data already holds partner ${first.partnerId} from another demo plan (${typeof key === 'string' ? key.slice(0, key.lastIndexOf(':')) : 'not a demo'}); ` +
        `run the same options again, or use another --seed or a fresh DATA_DIR`,
    );
  }
}

const counts = (byCode: Record<string, number>) =>
  Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code}=${n}`).join(' ') || 'none';

/** The lines `ledger demo` prints: a summary, then the rate over each quarter of the target. */
export function formatDemoReport(report: DemoReport): string[] {
  const lines = [
    `demo ${report.stoppedBy === 'interrupted' ? 'interrupted' : 'done'}: ${report.partners} partners, ${report.commands} commands, ` +
      `${report.events} events in ${report.seconds.toFixed(1)} s (${report.eventsPerSecond} events/s); refusals: ${counts(report.refusals)}; ` +
      `${report.window.start.slice(0, 10)} to ${report.window.end.slice(0, 10)}; store head ${report.head.before} -> ${report.head.after}; peak RSS ${report.peakRssMiB} MiB`,
  ];
  const quarters = report.milestones.filter((m) => m.percent % 25 === 0);
  if (quarters.length > 0) {
    let previous = { percent: 0, events: 0, seconds: 0, cpuSeconds: 0 };
    const parts = quarters.map((m) => {
      const events = Math.max(m.events - previous.events, 1);
      const rate = Math.round(events / Math.max(m.seconds - previous.seconds, 1e-3));
      const cpu = Math.round(((m.cpuSeconds - previous.cpuSeconds) * 1e6) / events);
      const part = `${previous.percent}-${m.percent}% ${rate} events/s (${cpu} µs CPU/event)`;
      previous = m;
      return part;
    });
    lines.push(`by quarter of the target: ${parts.join(', ')}`);
  }
  if (Object.keys(report.unexpectedRefusals).length > 0) {
    lines.push(`warning: unexpected refusals ${counts(report.unexpectedRefusals)} (another plan already wrote to this data? use another --seed or a fresh DATA_DIR)`);
  }
  if (report.surprises > 0) lines.push(`warning: ${report.surprises} command(s) recorded another number of events than planned`);
  return lines;
}
