import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { Kafka, Producer } from 'kafkajs';
import {
  AppendResult, EVENT_STORE, EventStore, EventStoreUnavailableError, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent,
} from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { LedgerModule } from '../../apps/ledger/src/ledger.module';
import { describeWithServer } from '../support/server-suite';
import {
  committedTotal, connectProducer, createDataDir, KafkaNames, ledgerEnv, publish, removeDataDir, testKafka, topicTotal, uniqueNames, waitFor,
} from './support/kafka-harness';
import { incentiveAwarded, partnerRegistered, uid } from './support/messages';

/** The embedded event store, which can be made unavailable on demand. */
class FlakyEventStore implements EventStore {
  down = false;
  failures = 0;
  constructor(private readonly store: EventStore) {}

  private check(): void {
    if (this.down) {
      this.failures++;
      throw new EventStoreUnavailableError('the event store is down (test)');
    }
  }
  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.check();
    return this.store.append(streamId, events, expected);
  }
  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.check();
    return this.store.readStream(streamId, options);
  }
  async findInStream(streamId: string, eventIds: string[]): Promise<RecordedEvent[]> {
    this.check();
    return this.store.findInStream(streamId, eventIds);
  }
  readAll(options: ReadAllOptions) {
    return this.store.readAll(options);
  }
  subscribeToAll(after?: bigint) {
    return this.store.subscribeToAll(after);
  }
  headPosition() {
    return this.store.headPosition();
  }
  identity() {
    return this.store.identity();
  }
  close() {
    return this.store.close();
  }
}

/**
 * A transient failure (the store is unavailable) is not a refusal: the message is not
 * committed, not dead-lettered, and is retried with backoff, its partition waiting behind
 * it; once the store is back it is recorded, once, in order.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka ingest: transient failures are retried (real broker)', (brokers) => {
  let names: KafkaNames;
  let dataDir: string;
  let app: INestApplication;
  let store: FlakyEventStore;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    names = uniqueNames('transient');
    dataDir = await createDataDir();
    const config = loadConfig(ledgerEnv(brokers, names, dataDir, { KAFKA_RELAY_ENABLED: 'false' }));
    store = new FlakyEventStore(new SqliteEventStore({ file: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' }));
    const moduleRef = await Test.createTestingModule({ imports: [LedgerModule.forRoot(config)] })
      .overrideProvider(EVENT_STORE)
      .useValue(store)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    kafka = testKafka(brokers);
    producer = await connectProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await removeDataDir(dataDir);
  });

  const recorded = async (causationId: string) =>
    (await store.readAll({ maxCount: 10_000 })).filter((e) => e.metadata.causationId === causationId);

  it('retries while the store is down, commits nothing and dead-letters nothing, then records once, in order', async () => {
    const partnerId = uid('p');
    const registration = partnerRegistered(partnerId);
    await publish(producer, names.topic, [{ key: partnerId, value: registration }]);
    await waitFor(async () => (await recorded(registration['id'])).length === 1, { what: () => 'the registration' });
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === 1, { what: () => 'its commit' });

    store.down = true;
    const first = incentiveAwarded(partnerId);
    const second = incentiveAwarded(partnerId);
    await publish(producer, names.topic, [first, second].map((value) => ({ key: partnerId, value })));
    // Backoff 0.5 s, 1 s, 2 s...: three failed attempts take a few seconds.
    await waitFor(() => store.failures >= 3, { timeoutMs: 20_000, what: () => `3 failed attempts, saw ${store.failures}` });
    expect(await committedTotal(kafka, names.groupId, names.topic)).toBe(1);
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);

    store.down = false;
    await waitFor(async () => (await recorded(second['id'])).length === 1, { timeoutMs: 30_000, what: () => 'both awards after the store came back' });
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === 3, { what: () => 'the commits of both awards' });
    const [a] = await recorded(first['id']);
    const [b] = await recorded(second['id']);
    expect(a!.position).toBeLessThan(b!.position);
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);
    const awards = (await store.readAll({ maxCount: 10_000 })).filter((e) => e.type === 'IncentiveAwarded');
    expect(awards).toHaveLength(2);
  }, 120_000);
});
