import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ZodValidationPipe } from 'nestjs-zod';
import { LEDGER_CONFIG, LedgerConfig } from './config/ledger-config';
import { CommandsController } from './http/commands.controller';
import { ProblemFilter } from './http/problem.filter';
import { QueriesController } from './http/queries.controller';
import { ProjectorService } from './projector/projector.service';
import { QUERY_HANDLERS, ReadModelFreshness } from './queries';
import { StorageModule } from './storage/storage.module';
import { COMMAND_HANDLERS } from './write/commands';
import { Program } from './write/program';
import { StreamWriter } from './write/stream-writer';

/** The ledger: write side, projector and query side, over the stores the configuration names. */
@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot(), StorageModule],
      controllers: [CommandsController, QueriesController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        Program,
        StreamWriter,
        ProjectorService,
        ReadModelFreshness,
        ...COMMAND_HANDLERS,
        ...QUERY_HANDLERS,
      ],
      exports: [LEDGER_CONFIG],
    };
  }
}
