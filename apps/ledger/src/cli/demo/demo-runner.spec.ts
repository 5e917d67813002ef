import { refuse } from '@ledger/domain';
import { CommandContext } from '../../write/command-context';
import { DemoCommand, demoPlan, DemoPlanOptions } from './demo-plan';
import { DemoCommandBus, runDemo } from './demo-runner';

/**
 * The runner against a stand-in command bus that answers as the plan predicts, with random
 * delays: bounded concurrency, plan order per key, and an exact, timing-independent stop.
 */

const OPTIONS: DemoPlanOptions = { seed: 42, partners: 40, events: 1500, months: 24 };

interface FakeBus extends DemoCommandBus {
  executed: string[];
  maxInFlight: number;
  /** How many commands had started when the first failure was thrown. */
  startedBeforeFailure?: number;
}

/** Answers each command with as many event ids as planned (or its planned refusal), after a random delay. */
function fakeBus(plan: Iterable<DemoCommand>, options: { seed: number; fail?: (command: DemoCommand) => Error | undefined }): FakeBus {
  const byKey = new Map<string, DemoCommand>();
  const iterator = plan[Symbol.iterator]();
  let state = options.seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const running = new Set<string>(); // keys of the commands running
  let inFlight = 0;
  const bus: FakeBus = {
    executed: [],
    maxInFlight: 0,
    execute: (async (ledgerCommand: { context: CommandContext }) => {
      const key = ledgerCommand.context.idempotencyKey!;
      while (!byKey.has(key)) {
        const next = iterator.next().value as DemoCommand;
        byKey.set(next.idempotencyKey, next);
      }
      const command = byKey.get(key)!;
      for (const k of command.keys) {
        if (running.has(k)) throw new Error(`${command.seq} runs while another command with key ${k} runs`);
        running.add(k);
      }
      bus.maxInFlight = Math.max(bus.maxInFlight, ++inFlight);
      bus.executed.push(key);
      try {
        await new Promise((resolve) => (random() < 0.8 ? setImmediate(resolve) : setTimeout(resolve, 1)));
        const failure = options.fail?.(command);
        if (failure) {
          bus.startedBeforeFailure ??= bus.executed.length;
          throw failure;
        }
        if (command.expectedRefusal) throw refuse.conflict(command.expectedRefusal, 'taken');
        return { streamId: 's', revision: '0', position: '1', eventIds: Array.from({ length: command.expectedEvents }, (_, i) => `${key}/${i}`) };
      } finally {
        for (const k of command.keys) running.delete(k);
        inFlight--;
      }
    }) as DemoCommandBus['execute'],
  };
  return bus;
}

/** Where the plan reaches the target: the commands up to the first whose events reach it. */
function expectedPrefix(options: DemoPlanOptions, target: number) {
  const keys: string[] = [];
  let events = 0;
  for (const command of demoPlan(options)) {
    keys.push(command.idempotencyKey);
    events += command.expectedEvents;
    if (events >= target) return { keys, events };
  }
  throw new Error('unreachable');
}

describe('demo runner', () => {
  it.each([1, 4, 8, 32])('stops exactly on the command that reaches the target, whatever the timing (concurrency %i)', async (concurrency) => {
    const expected = expectedPrefix(OPTIONS, OPTIONS.events);
    for (const seed of [1, 2]) {
      const bus = fakeBus(demoPlan(OPTIONS), { seed: seed * concurrency });
      const summary = await runDemo(bus, demoPlan(OPTIONS), { targetEvents: OPTIONS.events, concurrency, correlationId: 'c' });
      expect(summary.events).toBe(expected.events);
      expect(summary.commands).toBe(expected.keys.length);
      expect([...bus.executed].sort()).toEqual([...expected.keys].sort());
      expect(bus.maxInFlight).toBeLessThanOrEqual(concurrency);
      if (concurrency > 1) expect(bus.maxInFlight).toBeGreaterThan(1);
      expect(summary.partners).toBe(OPTIONS.partners);
      expect(summary.refusals['LEAD_ALREADY_REGISTERED']).toBeGreaterThan(0);
      expect(summary.unexpectedRefusals).toEqual({});
      expect(summary.surprises).toBe(0);
      expect(summary.stoppedBy).toBe('target');
      expect(summary.milestones.map((m) => m.percent)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 5));
    }
  });

  it('runs the commands of one partner or one customer project one at a time, in plan order', async () => {
    const bus = fakeBus(demoPlan(OPTIONS), { seed: 9 });
    await runDemo(bus, demoPlan(OPTIONS), { targetEvents: OPTIONS.events, concurrency: 16, correlationId: 'c' });
    // the fake throws on overlap; here, the order within each key
    const seqOf = new Map(expectedPrefix(OPTIONS, OPTIONS.events).keys.map((k, i) => [k, i]));
    const keysOf = new Map<string, string[]>();
    for (const command of take(demoPlan(OPTIONS), seqOf.size)) keysOf.set(command.idempotencyKey, command.keys);
    const last = new Map<string, number>();
    for (const key of bus.executed) {
      for (const k of keysOf.get(key)!) {
        expect(seqOf.get(key)!).toBeGreaterThan(last.get(k) ?? -1);
        last.set(k, seqOf.get(key)!);
      }
    }
  });

  it('counts refusals by code and tells the unexpected ones apart', async () => {
    const bus = fakeBus(demoPlan(OPTIONS), {
      seed: 3,
      fail: (c) => (c.type === 'AwardIncentive' && c.seq % 10 === 0 ? refuse.rule('CURRENCY_NOT_ACCEPTED', 'no') : undefined),
    });
    const summary = await runDemo(bus, demoPlan(OPTIONS), { targetEvents: 500, concurrency: 4, correlationId: 'c' });
    expect(summary.refusals['CURRENCY_NOT_ACCEPTED']).toBeGreaterThan(0);
    expect(summary.unexpectedRefusals).toEqual({ CURRENCY_NOT_ACCEPTED: summary.refusals['CURRENCY_NOT_ACCEPTED'] });
    expect(summary.surprises).toBe(summary.refusals['CURRENCY_NOT_ACCEPTED']);
    expect(summary.events).toBeGreaterThanOrEqual(500);
  });

  it('stops on a failure that is not a refusal, after the commands in flight', async () => {
    const bus = fakeBus(demoPlan(OPTIONS), { seed: 4, fail: (c) => (c.seq === 300 ? new Error('disk full') : undefined) });
    await expect(runDemo(bus, demoPlan(OPTIONS), { targetEvents: OPTIONS.events, concurrency: 8, correlationId: 'c' })).rejects.toThrow('disk full');
    // Once the failure is seen, nothing more is dispatched: at most the commands already in flight ran after it.
    // Those before it ran first, but for up to `concurrency` of them still waiting for an earlier command of theirs.
    expect(bus.startedBeforeFailure).toBeGreaterThanOrEqual(300 - 8);
    expect(bus.executed.length - bus.startedBeforeFailure!).toBeLessThanOrEqual(8);
  });

  it('stops dispatching when aborted', async () => {
    const abort = new AbortController();
    const bus = fakeBus(demoPlan(OPTIONS), { seed: 5 });
    const summary = await runDemo(bus, demoPlan(OPTIONS), {
      targetEvents: OPTIONS.events, concurrency: 8, correlationId: 'c', signal: abort.signal,
      onProgress: ({ commands }) => commands >= 100 && abort.abort(),
    });
    expect(summary.stoppedBy).toBe('interrupted');
    expect(summary.commands).toBeLessThan(100 + 8);
    expect(summary.commands).toBe(bus.executed.length);
  });

  it('gives each command its idempotency key, the correlation id and the cli source', async () => {
    const contexts: CommandContext[] = [];
    const bus: DemoCommandBus = {
      execute: (async (command: { context: CommandContext }) => {
        contexts.push(command.context);
        return { streamId: 's', revision: '0', position: '1', eventIds: ['e'] };
      }) as DemoCommandBus['execute'],
    };
    await runDemo(bus, demoPlan(OPTIONS), { targetEvents: 3, concurrency: 2, correlationId: 'demo:42' });
    const plan = take(demoPlan(OPTIONS), 3);
    expect(contexts.map((c) => c.idempotencyKey)).toEqual(plan.map((c) => c.idempotencyKey));
    expect(contexts[0]).toMatchObject({ actor: 'demo', source: 'cli', correlationId: 'demo:42', causationId: plan[0]!.idempotencyKey });
  });
});

function take(plan: Iterable<DemoCommand>, n: number): DemoCommand[] {
  const out: DemoCommand[] = [];
  for (const command of plan) {
    if (out.length >= n) break;
    out.push(command);
  }
  return out;
}
