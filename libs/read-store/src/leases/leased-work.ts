import { LeaseFence, LeaseGrant, ReadStore } from '../read-store.port';

/** A piece of work only one instance at a time may do: started under a lease's fence, stopped when the lease goes. */
export interface LeasedWorker {
  /** Starts the work, every commit of which carries `fence`; resolves once started. */
  start(fence: LeaseFence): Promise<void>;
  /** Stops the work; resolves once it wrote its last. */
  stop(): Promise<void>;
}

export interface LeasedWorkOptions {
  /** The lease's name in the read store. */
  name: string;
  /** This instance, as the lease knows it. */
  holder: string;
  /** How long a grant lasts. */
  ttlMs: number;
  /** How often the lease is asked for (renewed by its holder, taken once free by another); a third of `ttlMs` by default. */
  askEveryMs?: number;
  now?: () => Date;
  /** Told when this instance takes the work, loses it (another took it, or its own lease ran out) or fails to ask. */
  onChange?: (change: 'taken' | 'lost' | 'unreachable', detail: LeaseGrant | unknown) => void;
}

/**
 * Keeps asking for a lease and does the work while it holds it. At every round (a third of the
 * TTL by default) the lease is taken or renewed: taken, the work starts under the grant's fence; refused, the work
 * stops. A holder that could not renew stops at its own expiry, before anyone else may take the
 * lease over (their clocks agreeing). A commit the store refused for a stale fence means the
 * same (`lost()`). Whatever slips through those is refused by the store: the fence.
 */
export class LeasedWork {
  private grant?: LeaseGrant;
  private timer?: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;
  private rounds: Promise<void> = Promise.resolve();
  private stopping: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: Pick<ReadStore, 'tryLease' | 'releaseLease'>,
    private readonly worker: LeasedWorker,
    private readonly options: LeasedWorkOptions,
  ) {}

  /** The grant this instance works under, if it holds the lease. */
  get held(): LeaseGrant | undefined {
    return this.grant;
  }

  /** Asks for the lease at once (resolves after that first round), then every third of the TTL. */
  async start(): Promise<void> {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.round(), Math.max(1, Math.floor(this.options.askEveryMs ?? this.options.ttlMs / 3)));
    this.timer.unref();
    await this.round();
  }

  /** The work found its fence refused: it stops now; the lease is asked for again at the next round. */
  lost(): void {
    if (this.grant) this.halt('lost', this.grant);
  }

  /** Stops the work and gives the lease up, so that another instance need not wait for it to expire. */
  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.expiry);
    await this.rounds;
    const held = this.grant;
    this.grant = undefined;
    await this.worker.stop();
    await this.stopping;
    if (held) await this.store.releaseLease(this.options.name, this.options.holder).catch(() => undefined);
  }

  /** One round at a time: a slow store never has two asking at once. */
  private round(): Promise<void> {
    this.rounds = this.rounds.then(() => this.ask());
    return this.rounds;
  }

  private async ask(): Promise<void> {
    if (this.closed) return;
    const { name, holder, ttlMs } = this.options;
    let grant: LeaseGrant | null;
    try {
      grant = await this.store.tryLease(name, holder, ttlMs, this.now());
    } catch (error) {
      // Work goes on until the lease runs out (the expiry timer), unless a later round renews it.
      this.options.onChange?.('unreachable', error);
      return;
    }
    if (this.closed) return;
    if (!grant || (this.grant && grant.epoch !== this.grant.epoch)) {
      if (this.grant) this.halt('lost', this.grant);
      if (!grant) return;
    }
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.grant && this.halt('lost', this.grant), Math.max(0, grant.expiresAt.getTime() - this.now().getTime()));
    this.expiry.unref();
    if (this.grant) {
      this.grant = grant;
      return;
    }
    await this.stopping; // a work stopped a moment ago must have ended before it starts again
    this.grant = grant;
    this.options.onChange?.('taken', grant);
    await this.worker.start({ name: grant.name, holder: grant.holder, epoch: grant.epoch });
  }

  /** Stops the work at once, outside the rounds, so that a round stuck on the store cannot hold it up. */
  private halt(change: 'lost', grant: LeaseGrant): void {
    this.grant = undefined;
    clearTimeout(this.expiry);
    this.options.onChange?.(change, grant);
    const stopped = this.worker.stop().catch(() => undefined);
    this.stopping = Promise.all([this.stopping, stopped]).then(() => undefined);
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}
