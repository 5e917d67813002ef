import { setTimeout as sleep } from 'node:timers/promises';
import { EventStore, EventSubscription, RecordedEvent } from '@ledger/event-store';

/**
 * The pause before restart number `failures` (1 after the first failure since the last
 * committed batch): 500 ms doubling up to a cap of 30 s. This is the Kafka relay's policy,
 * kept because it is the better of the two: the projector used to wait a flat second however
 * often it failed, which hammers a store that is down. Equal jitter (between half and all of
 * the pause) keeps processors that failed together from retrying in step.
 */
export function restartDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface CheckpointedProcessorOptions {
  /** Events per batch, at most. */
  batchSize: number;
  /**
   * The committed checkpoint to follow from (undefined: from the first event), read at every
   * (re)start; also where to prepare what the work needs (collections, topics).
   */
  readCheckpoint(): Promise<bigint | undefined>;
  /** Does the work for a batch and commits its last position as the checkpoint; resolves once committed. */
  handle(batch: RecordedEvent[]): Promise<void>;
  /** Asked before every (re)start: a reason refuses, and the processor ends without subscribing. */
  guard?(): Promise<string | undefined>;
  /** After each committed batch, with its new checkpoint. */
  onCommitted?(checkpoint: bigint): void;
  /** A failure (never one caused by stopping); the processor restarts from its checkpoint `delayMs` later. */
  onFailure?(error: unknown, delayMs: number): void;
  /** The pause before restart `failures` (counted since the last committed batch); restartDelay by default. */
  backoff?(failures: number): number;
}

/**
 * Follows the event store from a checkpoint, knowing nothing of what it does with the events:
 * reads the checkpoint, subscribes after it, hands each batch to `handle` (which does the work
 * and commits the new checkpoint), and after a failure starts again from the checkpoint as
 * committed, after a backoff. Stopping lets the batch in hand be handled and committed, then
 * closes the subscription. The projections and the Kafka relay each run on one.
 */
export class CheckpointedProcessor {
  private stopping?: AbortController;
  private loop?: Promise<void>;
  private ready?: Promise<void>;
  private subscription?: EventSubscription;

  constructor(
    private readonly events: Pick<EventStore, 'subscribeToAll'>,
    private readonly options: CheckpointedProcessorOptions,
  ) {}

  /** From start until stopped, refused by the guard or done. */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /**
   * Starts following (a no-op when running). Resolves once the first subscription is open, the
   * guard refused, or the first attempt failed (it is then retried in the background).
   */
  start(): Promise<void> {
    if (this.loop) return this.ready!;
    const stopping = (this.stopping = new AbortController());
    let started!: () => void;
    this.ready = new Promise<void>((resolve) => (started = resolve));
    const loop: Promise<void> = this.supervise(stopping.signal, started).finally(() => {
      started();
      if (this.loop === loop) this.loop = undefined;
    });
    this.loop = loop;
    return this.ready;
  }

  /** Lets the batch in hand be handled and its checkpoint committed, then closes the subscription. */
  async stop(): Promise<void> {
    const loop = this.loop;
    this.stopping?.abort();
    await this.subscription?.close();
    await loop;
  }

  private async supervise(signal: AbortSignal, started: () => void): Promise<void> {
    for (let failures = 0; !signal.aborted; ) {
      try {
        if ((await this.follow(signal, started, () => (failures = 0))) === 'refused') return;
      } catch (error) {
        if (signal.aborted) return;
        const delay = (this.options.backoff ?? restartDelay)(++failures);
        this.options.onFailure?.(error, delay);
        started();
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return; // stopped while waiting
        }
      }
    }
  }

  private async follow(signal: AbortSignal, started: () => void, committed: () => void): Promise<'refused' | 'stopped'> {
    if (this.options.guard && (await this.options.guard()) !== undefined) return 'refused';
    if (signal.aborted) return 'stopped';
    const checkpoint = await this.options.readCheckpoint();
    if (signal.aborted) return 'stopped';
    const subscription = (this.subscription = this.events.subscribeToAll(checkpoint));
    started();
    try {
      while (!signal.aborted) {
        const batch = await subscription.nextBatch(this.options.batchSize, signal);
        if (batch.length === 0) {
          if (signal.aborted) break;
          throw new Error('the event store subscription closed');
        }
        await this.options.handle(batch);
        committed();
        this.options.onCommitted?.(batch[batch.length - 1]!.position);
      }
      return 'stopped';
    } finally {
      this.subscription = undefined;
      await subscription.close();
    }
  }
}
