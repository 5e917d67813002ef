import { Inject, Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { LeasedWork, LeasedWorker, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';

/** The leases of the work one instance at a time does (due work keeps its own, `due-work`). */
export const LEASES = {
  projection: (projection: string) => `projection:${projection}`,
  relay: (topic: string) => `kafka-relay:${topic}`,
  coopReactor: 'coop-reactor',
} as const;

/**
 * This ledger process among the others sharing its stores: its name in every lease, and the
 * one place leased work is set up. The name says where the holder runs (host and pid, for a
 * person reading GET /projections) and stays unique for two ledgers in one process, as tests run them.
 */
@Injectable()
export class LedgerInstance {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /**
   * `worker` run under the lease `name`, whenever this instance holds it (see LeasedWork).
   * LEASE_TTL_MS bounds the take-over: a grant lasts two thirds of it and every instance asks
   * every third, so a holder may miss one renewal, and once it stops another takes over at
   * most LEASE_TTL_MS after its last renewal.
   */
  leased(name: string, worker: LeasedWorker, logger: Logger): LeasedWork {
    return new LeasedWork(this.store, worker, {
      name,
      holder: this.id,
      ttlMs: Math.round((this.config.leaseTtlMs * 2) / 3),
      askEveryMs: Math.round(this.config.leaseTtlMs / 3),
      onChange: (change, detail) => {
        if (change === 'taken') logger.log(`took the lease ${name} (epoch ${(detail as { epoch: number }).epoch}): this instance does the work`);
        else if (change === 'lost') logger.warn(`lost the lease ${name}: stopped, another instance does the work`);
        else logger.warn(`could not renew the lease ${name}, working on until it runs out: ${String(detail)}`);
      },
    });
  }
}
