import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerConfig } from '../config/ledger-config';
import { LedgerModule } from '../ledger.module';

/** Nest's console logger writes warnings to stdout; a job whose stdout is its output (an export to `-`) logs to stderr. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/**
 * The ledger without HTTP, Kafka or the live projector, for maintenance jobs: a live projector
 * would race the job for the same checkpoints. The co-op reactions (the reactor, and a win's
 * accrual in its request) run only for a job that records wins (`coopReactions`, the demo): a
 * verify or a rebuild must not append while it reads.
 */
export function openLedgerContext(config: LedgerConfig, options: { coopReactions?: boolean; logsToStderr?: boolean } = {}): Promise<INestApplicationContext> {
  const coopReactor = { enabled: (options.coopReactions ?? false) && config.coopReactor.enabled };
  const levels: LogLevel[] = ['error', 'warn'];
  return NestFactory.createApplicationContext(
    LedgerModule.forRoot({ ...config, projector: { ...config.projector, enabled: false }, coopReactor, kafka: undefined }),
    { logger: options.logsToStderr ? new StderrLogger({ logLevels: levels }) : levels },
  );
}
