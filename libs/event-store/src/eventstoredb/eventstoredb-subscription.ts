import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { EventSubscription, RecordedEvent } from '../event-store.port';
import { isLedgerEvent, isUnavailable, positionOf, toRecordedEvent, translateError } from './translation';

/** What the supervisor needs of the client's subscription (AllStreamSubscription has all of it). */
export interface ClientSubscription {
  on(event: 'data', listener: (event: AllStreamResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end' | 'close' | 'confirmation', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

export interface SupervisedSubscriptionOptions {
  /** Opens the client's subscription to $all strictly after a position (undefined: from the start). */
  open: (after: bigint | undefined) => ClientSubscription;
  after: bigint | undefined;
  /** The ledger's stream prefixes: an event of another stream is skipped (the server's filter should not send it). */
  streamPrefixes: readonly string[];
  /** Events held for the reader; at this many the client's stream is paused (default 1000). */
  highWaterMark?: number;
  /** First delay before resubscribing after a drop; doubles up to maxRetryDelayMs (defaults 200, 10 000). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Told about each drop and resubscription, e.g. to log it. */
  onDrop?: (error: unknown, resumeAfter: bigint | undefined, delayMs: number) => void;
  onClosed?: () => void;
}

/**
 * A catch-up-then-live subscription to $all that survives dropped connections.
 *
 * Events go into a bounded queue read by nextBatch; when the queue reaches the high-water
 * mark the client's stream is paused (backpressure reaches the server through gRPC flow
 * control) and resumed once the reader has taken half of it. A supervisor watches the
 * client's stream: on an error that means the server could not be reached, and on an end
 * or close nobody asked for, it resubscribes strictly after the last event queued, with
 * exponential backoff. The queue survives resubscription and events at or before that
 * position are dropped, so nothing is lost, repeated or reordered. Any other error (access
 * denied, an event that is not a ledger event) is handed to the reader after the events
 * before it, as a rejected nextBatch.
 */
export class SupervisedSubscription implements EventSubscription {
  private readonly queue: RecordedEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly highWaterMark: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private lastQueued: bigint | undefined;
  private current: ClientSubscription | undefined;
  private paused = false;
  private closed = false;
  private failure: unknown;
  private delay: number;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SupervisedSubscriptionOptions) {
    this.lastQueued = options.after;
    this.highWaterMark = Math.max(1, options.highWaterMark ?? 1000);
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.delay = this.retryDelayMs;
    this.connect();
  }

  /** The position of the last event queued: where a resubscription starts (exclusive). */
  get resumeAfter(): bigint | undefined {
    return this.lastQueued;
  }

  async nextBatch(maxCount: number, signal?: AbortSignal): Promise<RecordedEvent[]> {
    for (;;) {
      if (this.closed || signal?.aborted) return [];
      if (this.queue.length > 0) {
        const batch = this.queue.splice(0, Math.max(1, maxCount));
        if (this.paused && this.queue.length <= this.highWaterMark / 2) this.setPaused(false);
        return batch;
      }
      if (this.failure !== undefined) throw this.failure;
      await this.changed(signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    const current = this.current;
    this.current = undefined;
    this.queue.length = 0;
    this.notify();
    this.options.onClosed?.();
    await current?.unsubscribe().catch(() => undefined);
  }

  private connect(): void {
    if (this.closed) return;
    let subscription: ClientSubscription;
    try {
      subscription = this.options.open(this.lastQueued);
    } catch (error) {
      this.dropped(undefined, error);
      return;
    }
    this.current = subscription;
    subscription.on('data', (event) => this.received(subscription, event));
    // Always listening for errors: an 'error' without a listener would crash the process.
    subscription.on('error', (error) => this.dropped(subscription, error));
    subscription.on('end', () => this.dropped(subscription, undefined));
    subscription.on('close', () => this.dropped(subscription, undefined));
    subscription.on('confirmation', () => {
      if (subscription === this.current) this.delay = this.retryDelayMs;
    });
    if (this.paused) subscription.pause();
  }

  private received(from: ClientSubscription, resolved: AllStreamResolvedEvent): void {
    if (from !== this.current || this.closed) return;
    try {
      if (!isLedgerEvent(resolved, this.options.streamPrefixes)) return; // the server-side filter should have skipped it
      const position = positionOf(resolved);
      if (this.lastQueued !== undefined && position <= this.lastQueued) return; // replayed by a resubscription
      this.queue.push(toRecordedEvent(resolved));
      this.lastQueued = position;
      this.delay = this.retryDelayMs;
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!this.paused && this.queue.length >= this.highWaterMark) this.setPaused(true);
    this.notify();
  }

  private dropped(from: ClientSubscription | undefined, error: unknown): void {
    if (this.closed || from !== this.current || this.failure !== undefined) return;
    this.current = undefined;
    void from?.unsubscribe().catch(() => undefined);
    if (error !== undefined && !isUnavailable(error)) {
      this.fail(error);
      return;
    }
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.maxRetryDelayMs);
    this.options.onDrop?.(error, this.lastQueued, delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private fail(error: unknown): void {
    this.failure = translateError(error, 'following $all');
    const current = this.current;
    this.current = undefined;
    void current?.unsubscribe().catch(() => undefined);
    this.notify();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.current?.pause();
    else this.current?.resume();
  }

  private changed(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
