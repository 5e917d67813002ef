import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { DUE_WORK, DueWork } from './due-work';

/** The lease every instance asks for before doing due work. */
export const DUE_WORK_LEASE = 'due-work';

/**
 * Runs the due work every DUE_WORK_INTERVAL_MS, inside the application. With several
 * instances on one read store, only the holder of the `due-work` lease runs it: the lease
 * lasts three intervals and is renewed at each; an instance that stops renewing (stopped,
 * crashed) is taken over once it expires. A clean shutdown gives the lease up at once.
 */
@Injectable()
export class DueWorkScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DueWork');
  /** This instance, as the lease knows it. */
  readonly holder = `ledger-${randomUUID()}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(DUE_WORK) private readonly work: DueWork[],
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.dueWork.intervalMs;
    if (interval === 0) {
      this.logger.log('due work is off (DUE_WORK_INTERVAL_MS=0): run it with the admin routes');
      return;
    }
    this.timer = setInterval(() => void this.tick(), interval);
    this.timer.unref();
  }

  /**
   * One round: take or renew the lease, then run each piece of due work in turn. Answers
   * whether this instance held the lease. A round still running is not started again.
   */
  tick(now: Date = new Date()): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.running) return this.running.then(() => false);
    let held = false;
    this.running = (async () => {
      const ttl = Math.max(3 * this.config.dueWork.intervalMs, 1000);
      held = (await this.store.tryLease(DUE_WORK_LEASE, this.holder, ttl, now)) !== null;
      if (!held) return;
      for (const work of this.work) {
        try {
          const done = await work.run(now.toISOString());
          this.logger.log(`${work.name}: ${done}`);
        } catch (error) {
          this.logger.error(`${work.name} failed, tried again at the next round: ${String(error)}`);
        }
      }
    })()
      .catch((error: unknown) => this.logger.error(`due work could not run: ${String(error)}`))
      .finally(() => (this.running = undefined));
    return this.running.then(() => held);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.store.releaseLease(DUE_WORK_LEASE, this.holder).catch(() => undefined);
  }
}
