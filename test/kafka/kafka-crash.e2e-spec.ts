import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, Producer } from 'kafkajs';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { describeWithServer } from '../support/server-suite';
import {
  committedTotal, connectProducer, createDataDir, KafkaLedger, KafkaNames, ledgerEnv, publish, removeDataDir, startKafkaLedger, testKafka,
  topicTotal, uniqueNames, waitFor,
  allEvents,
} from './support/kafka-harness';
import { killOnceRecorded, startLedgerProcess } from './support/ledger-child';
import { incentiveAwarded, Json, partnerRegistered, uid } from './support/messages';

const PARTNERS = 20;
const TOTAL = 2000;


/**
 * Exactly once across a crash: the ledger consumes 2,000 messages in a child process that is
 * SIGKILLed once a third are recorded (no clean shutdown, no last commit), then starts again on the same data
 * and group. Every message is recorded exactly once: the messages it had recorded but not
 * committed are delivered again and have no second effect. Then the group is rewound to the
 * start, so that all 2,000 are delivered again: still nothing more is recorded.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka ingest: crash in the middle of 2,000 messages (real broker)', (brokers) => {
  let names: KafkaNames;
  let dataDir: string;
  let env: Record<string, string>;
  let kafka: Kafka;
  let producer: Producer;
  let child: ChildProcess | undefined;
  let ledger: KafkaLedger | undefined;
  const partners = Array.from({ length: PARTNERS }, () => uid('p'));
  const messages: { key: string; value: Json }[] = [
    ...partners.map((partnerId) => ({ key: partnerId, value: partnerRegistered(partnerId) })),
    ...Array.from({ length: TOTAL - PARTNERS }, (_, i) => {
      const partnerId = partners[i % PARTNERS]!;
      return { key: partnerId, value: incentiveAwarded(partnerId) };
    }),
  ];

  beforeAll(async () => {
    names = uniqueNames('crash');
    dataDir = await createDataDir();
    // The relay is covered elsewhere; here the consumer has the machine to itself.
    env = ledgerEnv(brokers, names, dataDir, { KAFKA_RELAY_ENABLED: 'false' });
    kafka = testKafka(brokers);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await producer?.disconnect();
    await ledger?.close();
    await removeDataDir(dataDir);
  });

  async function expectEachMessageRecordedOnce(store: EventStore): Promise<void> {
    // All but the program's version 1, recorded when the ledger first started.
    const events = (await allEvents(store)).filter((event) => event.streamId !== 'program');
    const causes = new Map<string, string[]>();
    for (const event of events) causes.set(event.metadata.causationId, [...(causes.get(event.metadata.causationId) ?? []), event.type]);
    expect(causes.size).toBe(TOTAL);
    for (const { value } of messages) {
      expect(causes.get(value['id'])).toEqual([value['type'] === 'PartnerRegistered' ? 'PartnerRegistered' : 'IncentiveAwarded']);
    }
    expect(events).toHaveLength(TOTAL);
  }

  it('records every message exactly once after a SIGKILL mid-stream and a restart', async () => {
    const started = await startLedgerProcess(env);
    child = started.child;
    producer = await connectProducer(kafka);
    await publish(producer, names.topic, messages);
    expect(await topicTotal(kafka, names.topic)).toBe(TOTAL);

    // Batches are committed whole once decided: the kill is timed by what the store holds.
    await killOnceRecorded(started, dataDir, TOTAL / 3);
    expect(child.signalCode).toBe('SIGKILL');

    const committedAtKill = await committedTotal(kafka, names.groupId, names.topic);
    const file = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    const recordedAtKill = new Set((await allEvents(file)).map((e) => e.metadata.causationId)).size;
    await file.close();
    expect(committedAtKill).toBeLessThan(TOTAL);
    // Committed only after recording: never more committed than recorded.
    expect(recordedAtKill).toBeGreaterThanOrEqual(committedAtKill);
    process.stderr.write(`crash: killed with ${committedAtKill} committed, ${recordedAtKill} recorded (${recordedAtKill - committedAtKill} to be redelivered)\n`);

    ledger = await startKafkaLedger(env);
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === TOTAL, {
      timeoutMs: 120_000,
      what: () => 'the restarted ledger to commit every message',
    });
    await expectEachMessageRecordedOnce(ledger.app.get<EventStore>(EVENT_STORE));
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);

    // The read models agree: each partner's incentives counted once.
    const perPartner = (TOTAL - PARTNERS) / PARTNERS;
    for (const partnerId of partners) {
      await waitFor(async () => (await ledger!.http().get(`/partners/${partnerId}`)).body?.counters?.incentivesAwarded === perPartner, {
        what: () => `partner ${partnerId} to show ${perPartner} incentives`,
      });
    }
  }, 240_000);

  it('delivered all over again (group rewound to the start), records nothing more', async () => {
    await ledger!.close();
    ledger = undefined;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const partitions = (await admin.fetchTopicOffsets(names.topic)).map(({ partition, low }) => ({ partition, offset: low }));
      await admin.setOffsets({ groupId: names.groupId, topic: names.topic, partitions });
    } finally {
      await admin.disconnect();
    }
    expect(await committedTotal(kafka, names.groupId, names.topic)).toBe(0);

    ledger = await startKafkaLedger(env);
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === TOTAL, {
      timeoutMs: 120_000,
      what: () => 'the ledger to go through every message again',
    });
    await expectEachMessageRecordedOnce(ledger.app.get<EventStore>(EVENT_STORE));
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);
  }, 180_000);
});
