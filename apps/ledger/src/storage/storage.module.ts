import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CheckpointSourceGuard } from './checkpoint-source-guard';

/*
 * Each adapter is loaded when the configuration names it, not before: a ledger on the embedded
 * stores never loads @eventstore/db-client or mongodb (test/deploy/adapter-loading.spec.ts).
 * The open-* files import the adapters' entries; they are imported here by relative path
 * because the build (nest build, tsc) rewrites the @ledger/* aliases in import declarations
 * only, not in import() calls.
 */
async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  switch (config.eventStore.kind) {
    case 'embedded':
      return (await import('./open-embedded')).openEmbeddedEventStore(config);
    case 'eventstoredb':
      return (await import('./open-eventstoredb')).openEventStoreDb(config.eventStore.url);
  }
}

async function openReadStore(config: LedgerConfig): Promise<ReadStore> {
  switch (config.readStore.kind) {
    case 'embedded':
      return (await import('./open-embedded')).openEmbeddedReadStore(config);
    case 'mongodb':
      return (await import('./open-mongodb')).openMongoReadStore(config.readStore.url, config.readStore.database);
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
