import { setTimeout as sleep } from 'node:timers/promises';
import { EventSubscription, RecordedEvent } from '@ledger/event-store';
import { CheckpointedProcessor, CheckpointedProcessorOptions, restartDelay } from './checkpointed-processor';

const recorded = (position: number): RecordedEvent =>
  ({ eventId: `e-${position}`, type: 'Noted', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', data: {}, metadata: {},
    streamId: 's', revision: BigInt(position - 1), position: BigInt(position), recordedAt: '2026-01-01T00:00:00.000Z' }) as unknown as RecordedEvent;

/** An event log in memory whose subscriptions wait for new events, as the real ones do. */
class FakeEventLog {
  readonly events: RecordedEvent[] = [];
  /** Every subscription opened: where it started and whether it was closed. */
  readonly subscriptions: { after: bigint | undefined; closed: boolean }[] = [];
  private waiting = new Set<() => void>();

  append(count: number): void {
    for (let i = 0; i < count; i++) this.events.push(recorded(this.events.length + 1));
    this.wake();
  }

  subscribeToAll(after?: bigint): EventSubscription {
    const opened = { after, closed: false };
    this.subscriptions.push(opened);
    let next = after ?? 0n;
    return {
      nextBatch: async (maxCount, signal) => {
        for (;;) {
          if (opened.closed || signal?.aborted) return [];
          const batch = this.events.filter((e) => e.position > next).slice(0, maxCount);
          if (batch.length > 0) {
            next = batch[batch.length - 1]!.position;
            return batch;
          }
          await new Promise<void>((resolve) => {
            this.waiting.add(resolve);
            signal?.addEventListener('abort', () => resolve(), { once: true });
          });
        }
      },
      close: async () => {
        opened.closed = true;
        this.wake();
      },
    };
  }

  private wake(): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const resolve of waiting) resolve();
  }
}

const positions = (batch: RecordedEvent[]) => batch.map((e) => Number(e.position));

/** A processor over a fake log, with its checkpoint in memory and what it did recorded. */
function harness(overrides: Partial<CheckpointedProcessorOptions> = {}, stored?: bigint) {
  const log = new FakeEventLog();
  const state = { checkpoint: stored, handled: [] as number[][], commits: [] as bigint[], reported: [] as bigint[], failures: [] as [string, number][], reads: 0 };
  const processor = new CheckpointedProcessor(log, {
    batchSize: 2,
    readCheckpoint: async () => {
      state.reads++;
      return state.checkpoint;
    },
    handle: async (batch) => {
      state.handled.push(positions(batch));
      state.checkpoint = batch[batch.length - 1]!.position;
      state.commits.push(state.checkpoint);
    },
    onCommitted: (checkpoint) => state.reported.push(checkpoint),
    onFailure: (error, delayMs) => state.failures.push([String(error), delayMs]),
    ...overrides,
  });
  return { log, state, processor };
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(2);
  }
}

describe('CheckpointedProcessor', () => {
  it('hands the events after the stored checkpoint to the handler in batches, in order, a checkpoint committed per batch', async () => {
    const { log, state, processor } = harness({}, 2n);
    log.append(7);
    await processor.start();
    expect(log.subscriptions).toEqual([{ after: 2n, closed: false }]);
    await until(() => state.checkpoint === 7n);
    log.append(1); // live: after catching up, it waits for new events
    await until(() => state.checkpoint === 8n);
    await processor.stop();

    expect(state.handled).toEqual([[3, 4], [5, 6], [7], [8]]);
    expect(state.commits).toEqual([4n, 6n, 7n, 8n]);
    expect(state.reported).toEqual(state.commits);
    expect(state.failures).toEqual([]);
    expect(log.subscriptions).toEqual([{ after: 2n, closed: true }]);
    expect(processor.running).toBe(false);
  });

  it('after a handler failure, restarts from the last committed checkpoint once the backoff has passed', async () => {
    const backoff = jest.fn((_failures: number) => 40);
    let failing = 2; // the second batch fails twice in a row, then passes
    const { log, state, processor } = harness({
      backoff,
      handle: async (batch) => {
        if (batch[0]!.position === 3n && failing-- > 0) throw new Error('store down');
        state.handled.push(positions(batch));
        state.checkpoint = batch[batch.length - 1]!.position;
        state.commits.push(state.checkpoint);
      },
    });
    log.append(5);
    const started = Date.now();
    await processor.start();
    await until(() => state.checkpoint === 5n);
    await processor.stop();

    expect(state.handled).toEqual([[1, 2], [3, 4], [5]]);
    expect(state.commits).toEqual([2n, 4n, 5n]);
    expect(state.failures).toEqual([['Error: store down', 40], ['Error: store down', 40]]);
    expect(backoff.mock.calls).toEqual([[1], [2]]); // failures counted since the last commit
    expect(Date.now() - started).toBeGreaterThanOrEqual(75); // both pauses were waited
    expect(state.reads).toBe(3); // the checkpoint read again at each restart
    expect(log.subscriptions).toEqual([
      { after: undefined, closed: true },
      { after: 2n, closed: true },
      { after: 2n, closed: true },
    ]);
  });

  it('counts failures from the last commit, so the pause grows only while nothing gets through', async () => {
    const backoff = jest.fn((_failures: number) => 1);
    const failOn = new Set([3n, 5n]);
    const { log, state, processor } = harness({
      backoff,
      handle: async (batch) => {
        const first = batch[0]!.position;
        if (failOn.delete(first)) throw new Error(`fails at ${first}`);
        state.handled.push(positions(batch));
        state.checkpoint = batch[batch.length - 1]!.position;
      },
    });
    log.append(6);
    await processor.start();
    await until(() => state.checkpoint === 6n);
    await processor.stop();
    expect(backoff.mock.calls).toEqual([[1], [1]]);
    expect(state.handled).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('on stop, finishes the batch in hand and commits its checkpoint, then closes the subscription', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHand = new Promise<void>((resolve) => (entered = resolve));
    const { log, state, processor } = harness({
      handle: async (batch) => {
        entered();
        await held;
        state.handled.push(positions(batch));
        state.checkpoint = batch[batch.length - 1]!.position;
      },
    });
    log.append(5);
    await processor.start();
    await inHand;

    let stopped = false;
    const stopping = processor.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false); // waits for the batch in hand
    release();
    await stopping;

    expect(state.handled).toEqual([[1, 2]]); // and takes no other
    expect(state.checkpoint).toBe(2n);
    expect(state.reported).toEqual([2n]);
    expect(log.subscriptions).toEqual([{ after: undefined, closed: true }]);
    expect(processor.running).toBe(false);
  });

  it('stopped while waiting to restart, does not restart', async () => {
    const { log, state, processor } = harness({
      backoff: () => 60_000,
      handle: async () => {
        throw new Error('broken');
      },
    });
    log.append(1);
    await processor.start();
    await until(() => state.failures.length === 1);
    const stoppedAt = Date.now();
    await processor.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(log.subscriptions).toEqual([{ after: undefined, closed: true }]);
    expect(state.failures).toEqual([['Error: broken', 60_000]]);
  });

  it('opens no subscription when the guard refuses, and asks it again at every restart', async () => {
    const refusing = harness({ guard: async () => 'checkpoints of another event store' });
    refusing.log.append(3);
    await refusing.processor.start();
    await sleep(20);
    expect(refusing.log.subscriptions).toEqual([]);
    expect(refusing.state.reads).toBe(0);
    expect(refusing.state.handled).toEqual([]);
    expect(refusing.processor.running).toBe(false);
    await refusing.processor.stop();

    const answers: (string | undefined)[] = [undefined, 'switched meanwhile'];
    const guard = jest.fn(async () => answers.shift());
    let failed = false;
    const { log, state, processor } = harness({
      guard,
      backoff: () => 1,
      handle: async () => {
        if (failed) return;
        failed = true;
        throw new Error('once');
      },
    });
    log.append(1);
    await processor.start();
    await until(() => !processor.running);
    expect(guard).toHaveBeenCalledTimes(2);
    expect(log.subscriptions).toHaveLength(1);
    expect(state.failures).toHaveLength(1);
  });
});

describe('restartDelay', () => {
  it('doubles from 500 ms to a cap of 30 s, with between half and all of it as jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((failures) => restartDelay(failures, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(restartDelay(1, () => 0)).toBe(500);
    expect(restartDelay(20, () => 0)).toBe(15000);
    const drawn = Array.from({ length: 100 }, () => restartDelay(3));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(4000);
    expect(new Set(drawn).size).toBeGreaterThan(1);
  });
});
