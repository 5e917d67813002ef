import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { ZodValidationPipe } from 'nestjs-zod';
import { ApiKeyGuard } from './auth/api-key.guard';
import { LEDGER_CONFIG, LedgerConfig } from './config/ledger-config';
import { HealthController } from './health/health.controller';
import { AdminController } from './http/admin.controller';
import { CommandsController } from './http/commands.controller';
import { HttpDrain } from './http/http-drain';
import { ProblemFilter } from './http/problem.filter';
import { QueriesController } from './http/queries.controller';
import { KafkaModule } from './kafka/kafka.module';
import { ProjectorService } from './projector/projector.service';
import { LEDGER_PROJECTIONS, QUERY_HANDLERS, ReadModelFreshness } from './read-models';
import { PROJECTIONS } from '@ledger/projections';
import { StorageModule } from './storage/storage.module';
import { DeclaredCommandHandler } from './write/declared-command.handler';
import { Program } from './write/program';
import { StreamWriter } from './write/stream-writer';

/** The ledger: write side, projector and query side, over the stores the configuration names. */
@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false }), StorageModule, KafkaModule.forRoot(config)],
      controllers: [CommandsController, QueriesController, AdminController, HealthController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: PROJECTIONS, useValue: LEDGER_PROJECTIONS },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        HttpDrain,
        Program,
        StreamWriter,
        ProjectorService,
        ReadModelFreshness,
        DeclaredCommandHandler,
        ...QUERY_HANDLERS,
      ],
      exports: [LEDGER_CONFIG],
    };
  }
}
