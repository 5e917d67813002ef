import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, IHeaders, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import request from 'supertest';
import { createLedgerApp } from '../../../apps/ledger/src/bootstrap';
import { LedgerConfig, loadConfig } from '../../../apps/ledger/src/config/ledger-config';
import { waitFor } from '../../support/wait-for';

export { waitFor };

/**
 * The Kafka suites' harness: the real ledger app (createLedgerApp + app.init(), which joins
 * the consumer group and starts the relay) on a fresh data folder, with topic names and a
 * group id of its own per suite; a kafkajs client to publish and to read topics back; and
 * polling with a deadline (never a blind sleep).
 */
export interface KafkaNames {
  topic: string;
  deadLetterTopic: string;
  relayTopic: string;
  groupId: string;
}

export function uniqueNames(prefix: string): KafkaNames {
  const tag = `${prefix}-${randomBytes(4).toString('hex')}`;
  return { topic: `activity-${tag}`, deadLetterTopic: `activity-${tag}.dlq`, relayTopic: `events-${tag}`, groupId: `ledger-${tag}` };
}

export const createDataDir = () => mkdtemp(join(tmpdir(), 'ledger-kafka-'));
export const removeDataDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** The configuration environment of a ledger on these brokers, names and folder. */
export function ledgerEnv(brokers: string, names: KafkaNames, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DUE_WORK_INTERVAL_MS: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    // A process crash (the suites SIGKILL) loses nothing with NORMAL; only power loss could.
    SQLITE_SYNCHRONOUS: 'NORMAL',
    // A ledger started again after a SIGKILL takes its predecessor's leases over within this.
    LEASE_TTL_MS: '1500',
    KAFKA_BROKERS: brokers,
    KAFKA_CLIENT_ID: names.groupId,
    KAFKA_GROUP_ID: names.groupId,
    KAFKA_TOPIC: names.topic,
    KAFKA_DLQ_TOPIC: names.deadLetterTopic,
    KAFKA_RELAY_TOPIC: names.relayTopic,
    ...extra,
  };
}

export interface KafkaLedger {
  app: INestApplication;
  config: LedgerConfig;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startKafkaLedger(env: Record<string, string>): Promise<KafkaLedger> {
  const config = loadConfig(env);
  const app = await createLedgerApp(config);
  await app.init();
  return { app, config, http: () => request(app.getHttpServer()), close: () => app.close() };
}

/** GET `path` once it answers 200 with a body that `ready` accepts (the read models catch up asynchronously). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readWhen(ledger: KafkaLedger, path: string, ready: (body: Record<string, any>) => boolean): Promise<Record<string, any>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let last: Record<string, any> | undefined;
  await waitFor(
    async () => {
      const response = await ledger.http().get(path);
      last = response.status === 200 ? response.body : undefined;
      return last !== undefined && ready(last);
    },
    { timeoutMs: 30_000, what: () => `${path} to reach the expected state, last seen ${JSON.stringify(last)}` },
  );
  return last!;
}

export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: `test-${randomBytes(3).toString('hex')}`, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Publishes activity messages as a service would: JSON value, key = partnerId. */
export async function publish(producer: Producer, topic: string, messages: { key: string | null; value: unknown; headers?: IHeaders }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 500) {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.slice(i, i + 500).map(({ key, value, headers }) => ({
        key,
        value: typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value),
        ...(headers ? { headers } : {}),
      })),
    });
  }
}

export interface TopicReader {
  messages: KafkaMessage[];
  waitForCount(count: number, timeoutMs?: number): Promise<KafkaMessage[]>;
  stop(): Promise<void>;
}

/** Reads a topic from its beginning into memory, with a group of its own. */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicReader> {
  const consumer: Consumer = kafka.consumer({ groupId: `reader-${randomBytes(5).toString('hex')}`, allowAutoTopicCreation: false });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return {
    messages,
    waitForCount: async (count, timeoutMs = 30_000) => {
      await waitFor(() => messages.length >= count, { timeoutMs, what: () => `${count} messages on ${topic}, have ${messages.length}` });
      return messages;
    },
    stop: () => consumer.disconnect(),
  };
}

/** Sum of the group's committed offsets on the topic (0 for a partition never committed). */
export async function committedTotal(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Sum of the topic's high watermarks: how many messages it holds (no compaction, no deletes). */
export async function topicTotal(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

/** Every event recorded so far, read from the event store in pages. */
export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: bigint | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1]!.position;
  }
}

/** What a suite that publishes activity shares: its topics, a ledger consuming them, a producer, and its dead letters read back. */
export interface KafkaLedgerSuite {
  names: KafkaNames;
  dataDir: string;
  ledger: KafkaLedger;
  kafka: Kafka;
  producer: Producer;
  deadLetters: TopicReader;
}

/**
 * Registers the suite's beforeAll (topics named after `prefix`, a ledger on a fresh data
 * directory, a producer, the dead-letter topic read from the start) and afterAll; the fields
 * are set once beforeAll has run.
 */
export function kafkaLedgerSuite(brokers: string, prefix: string): KafkaLedgerSuite {
  const suite = {} as KafkaLedgerSuite;
  beforeAll(async () => {
    suite.names = uniqueNames(prefix);
    suite.dataDir = await createDataDir();
    suite.ledger = await startKafkaLedger(ledgerEnv(brokers, suite.names, suite.dataDir));
    suite.kafka = testKafka(brokers);
    suite.producer = await connectProducer(suite.kafka);
    suite.deadLetters = await readTopic(suite.kafka, suite.names.deadLetterTopic);
  });
  afterAll(async () => {
    await suite.deadLetters?.stop();
    await suite.producer?.disconnect();
    await suite.ledger?.close();
    if (suite.dataDir) await removeDataDir(suite.dataDir);
  });
  return suite;
}
