import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { GenerationalReadStore, READ_STORE, ReadStore } from '@ledger/read-store';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { PERSON_KEY_STORE, PersonalDataVault, PersonKeyStore, resolveMasterKey } from '@ledger/personal-data';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CheckpointSourceGuard } from './checkpoint-source-guard';
import { LedgerInstance } from '../instances/ledger-instance';

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

/**
 * The configured read store, its projections' collections resolved to their live generation
 * (a replay builds the next generation beside it and switches: README, Rebuild, compare, switch).
 */
async function openReadStore(config: LedgerConfig, projections: Projection[]): Promise<ReadStore> {
  return new GenerationalReadStore(await openStore(config), projections);
}

async function openStore(config: LedgerConfig): Promise<ReadStore> {
  switch (config.readStore.kind) {
    case 'embedded':
      return (await import('./open-embedded')).openEmbeddedReadStore(config);
    case 'mongodb':
      return (await import('./open-mongodb')).openMongoReadStore(config.readStore.url, config.readStore.database);
  }
}

/** Person keys live beside the read models: in MongoDB when they are, else in their own embedded file. */
async function openPersonKeyStore(config: LedgerConfig): Promise<PersonKeyStore> {
  switch (config.readStore.kind) {
    case 'embedded':
      return (await import('./open-embedded')).openEmbeddedPersonKeyStore(config);
    case 'mongodb':
      return (await import('./open-mongodb')).openMongoPersonKeyStore(config.readStore.url, config.readStore.database);
  }
}

function openVault(config: LedgerConfig, store: PersonKeyStore): PersonalDataVault {
  const { value, file } = config.personalData.masterKey;
  const master = resolveMasterKey({ env: config.env, value: value(), file, dataDir: config.dataDir });
  if (master.generated || (master.path && !config.personalData.masterKey.file)) {
    new Logger('PersonalData').warn(
      `no LEDGER_MASTER_KEY set: using the key in ${master.path}, beside the data it protects. Fine for development; set LEDGER_MASTER_KEY(_FILE) anywhere else (README, Personal data)`,
    );
  }
  return new PersonalDataVault({ store, masterKey: master.key });
}

/** Closes the stores last, after the projectors and transports have stopped. */
@Injectable()
class StoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(PERSON_KEY_STORE) private readonly keys: PersonKeyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.reads.close(), this.keys.close()]);
    this.logger.log('stores closed');
  }
}

/** Wires each port to the adapter the configuration names; nothing else knows which. */
@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [LEDGER_CONFIG], useFactory: openEventStore },
    { provide: READ_STORE, inject: [LEDGER_CONFIG, PROJECTIONS], useFactory: openReadStore },
    { provide: PERSON_KEY_STORE, inject: [LEDGER_CONFIG], useFactory: openPersonKeyStore },
    { provide: PersonalDataVault, inject: [LEDGER_CONFIG, PERSON_KEY_STORE], useFactory: openVault },
    StoreCloser,
    CheckpointSourceGuard,
    LedgerInstance,
  ],
  exports: [EVENT_STORE, READ_STORE, PERSON_KEY_STORE, PersonalDataVault, CheckpointSourceGuard, LedgerInstance],
})
export class StorageModule {}
