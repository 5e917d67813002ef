import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerConfig } from '../config/ledger-config';
import { LedgerModule } from '../ledger.module';

/**
 * The ledger without HTTP, Kafka or the live projector, for maintenance jobs: a live projector
 * would race the job for the same checkpoints. The co-op reactions (the reactor, and a win's
 * accrual in its request) run only for a job that records wins (`coopReactions`, the demo): a
 * verify or a rebuild must not append while it reads.
 */
export function openLedgerContext(config: LedgerConfig, options: { coopReactions?: boolean } = {}): Promise<INestApplicationContext> {
  const coopReactor = { enabled: (options.coopReactions ?? false) && config.coopReactor.enabled };
  return NestFactory.createApplicationContext(
    LedgerModule.forRoot({ ...config, projector: { ...config.projector, enabled: false }, coopReactor, kafka: undefined }),
    { logger: ['error', 'warn'] },
  );
}
