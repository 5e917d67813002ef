import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EVENT_STORE, EventStore, EventStoreDbEventStore, SqliteEventStore } from '@ledger/event-store';
import { MongoReadStore, READ_STORE, ReadStore, SqliteReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CheckpointSourceGuard } from './checkpoint-source-guard';

async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  switch (config.eventStore.kind) {
    case 'embedded':
      return new SqliteEventStore({
        file: join(config.dataDir, 'events.sqlite'),
        synchronous: config.sqliteSynchronous,
        subscriptionLingerMs: config.projector.lingerMs,
      });
    case 'eventstoredb':
      return new EventStoreDbEventStore(config.eventStore.url, {
        onSubscriptionDropped: (error, resumeAfter, delayMs) =>
          new Logger('EventStoreDB').warn(`subscription dropped (${String(error)}); resuming after ${String(resumeAfter ?? 'the start')} in ${delayMs} ms`),
      });
  }
}

async function openReadStore(config: LedgerConfig): Promise<ReadStore> {
  switch (config.readStore.kind) {
    case 'embedded':
      return new SqliteReadStore({ file: join(config.dataDir, 'read-models.sqlite'), synchronous: config.readModelSynchronous });
    case 'mongodb':
      return MongoReadStore.connect({ url: config.readStore.url, database: config.readStore.database });
  }
}

/** Closes the stores last, after the projectors and transports have stopped. */
@Injectable()
class StoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.reads.close()]);
    this.logger.log('stores closed');
  }
}

/** Wires each port to the adapter the configuration names; nothing else knows which. */
@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [LEDGER_CONFIG], useFactory: openEventStore },
    { provide: READ_STORE, inject: [LEDGER_CONFIG], useFactory: openReadStore },
    StoreCloser,
    CheckpointSourceGuard,
  ],
  exports: [EVENT_STORE, READ_STORE, CheckpointSourceGuard],
})
export class StorageModule {}
