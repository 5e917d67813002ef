import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerConfig } from '../config/ledger-config';
import { LedgerModule } from '../ledger.module';

/**
 * The ledger without HTTP, Kafka or the live projector, for maintenance jobs: a live
 * projector would race the job for the same checkpoints.
 */
export function openLedgerContext(config: LedgerConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    LedgerModule.forRoot({ ...config, projector: { ...config.projector, enabled: false }, kafka: undefined }),
    { logger: ['error', 'warn'] },
  );
}
