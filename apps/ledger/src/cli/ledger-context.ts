import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerConfig } from '../config/ledger-config';
import { LedgerModule } from '../ledger.module';

/**
 * The ledger without HTTP, Kafka, the live projector or the co-op reactor, for maintenance
 * jobs: a live projector would race the job for the same checkpoints, and a verify or a
 * rebuild must not append while it reads (a win the demo records brings its accrual in the
 * same request).
 */
export function openLedgerContext(config: LedgerConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    LedgerModule.forRoot({ ...config, projector: { ...config.projector, enabled: false }, coopReactor: { enabled: false }, kafka: undefined }),
    { logger: ['error', 'warn'] },
  );
}
