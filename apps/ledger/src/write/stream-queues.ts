/**
 * Turns for the write path, one FIFO queue per stream. Inside one instance commands on a
 * stream take turns in arrival order, so each reads the state its predecessor left and
 * appends at the right revision the first time; optimistic concurrency is left to settle
 * races between instances only. Commands on different streams never wait for each other.
 *
 * Waiting is bounded twice: at most `limit` commands wait at once, and none waits longer
 * than `timeoutMs` for its turn. Beyond either the command is refused with OverloadedError
 * before it has done anything, so the client knows it was not recorded.
 */
export class OverloadedError extends Error {
  constructor(
    readonly reason: 'queue_full' | 'wait_timeout',
    /** A hint for clients: when a retry is likely to find room. */
    readonly retryAfterSeconds: number,
  ) {
    super(
      reason === 'queue_full'
        ? 'the ledger has too many commands waiting; not recorded, retry with the same Idempotency-Key'
        : 'the command waited too long for its turn; not recorded, retry with the same Idempotency-Key',
    );
    this.name = 'OverloadedError';
  }
}

export interface StreamQueueLimits {
  /** Commands waiting for a turn, across all streams, beyond which newcomers are refused. */
  limit: number;
  /** Longest wait for a turn, in milliseconds. */
  timeoutMs: number;
}

interface Waiter {
  grant: () => void;
  settled: boolean;
}

interface Lane {
  busy: boolean;
  waiters: Waiter[];
}

/** Gives back the turns a command took. */
export type Release = () => void;

export class StreamQueues {
  private readonly lanes = new Map<string, Lane>();
  private waitingCount = 0;

  constructor(private readonly limits: StreamQueueLimits) {}

  /** Commands waiting for a turn right now. */
  get waiting(): number {
    return this.waitingCount;
  }

  /**
   * Takes the turn of every stream named, always in one global order (sorted ids), so two
   * commands that need several streams can never each hold what the other waits for. One
   * deadline covers all the waits; on refusal the turns already taken are given back.
   */
  async acquire(streamIds: readonly string[]): Promise<Release> {
    const ordered = [...new Set(streamIds)].sort();
    const deadline = Date.now() + this.limits.timeoutMs;
    const held: string[] = [];
    try {
      for (const streamId of ordered) {
        await this.acquireOne(streamId, deadline);
        held.push(streamId);
      }
    } catch (error) {
      for (const streamId of held.reverse()) this.releaseOne(streamId);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const streamId of held.reverse()) this.releaseOne(streamId);
    };
  }

  private acquireOne(streamId: string, deadline: number): Promise<void> {
    let lane = this.lanes.get(streamId);
    if (!lane) {
      lane = { busy: false, waiters: [] };
      this.lanes.set(streamId, lane);
    }
    if (!lane.busy) {
      lane.busy = true;
      return Promise.resolve();
    }
    if (this.waitingCount >= this.limits.limit) return Promise.reject(new OverloadedError('queue_full', this.retryAfter()));

    const queue = lane;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        settled: false,
        grant: () => {
          clearTimeout(timer);
          waiter.settled = true;
          this.waitingCount--;
          resolve();
        },
      };
      const timer = setTimeout(() => {
        if (waiter.settled) return;
        waiter.settled = true;
        this.waitingCount--;
        const at = queue.waiters.indexOf(waiter);
        if (at >= 0) queue.waiters.splice(at, 1);
        reject(new OverloadedError('wait_timeout', this.retryAfter()));
      }, Math.max(0, deadline - Date.now()));
      this.waitingCount++;
      queue.waiters.push(waiter);
    });
  }

  /** Hands the stream to the next waiter in arrival order, or frees it. */
  private releaseOne(streamId: string): void {
    const lane = this.lanes.get(streamId);
    if (!lane) return;
    for (let next = lane.waiters.shift(); next; next = lane.waiters.shift()) {
      if (next.settled) continue;
      next.grant(); // the lane stays busy: it passes straight to the waiter
      return;
    }
    lane.busy = false;
    this.lanes.delete(streamId);
  }

  /** Retry-After: the longest a command may wait for its turn, in whole seconds, at least one. */
  private retryAfter(): number {
    return Math.max(1, Math.ceil(this.limits.timeoutMs / 1000));
  }
}
