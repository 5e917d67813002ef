import { ChildProcess } from 'node:child_process';
import { Kafka, Producer } from 'kafkajs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { describeWithServer } from '../support/server-suite';
import {
  allEvents, committedTotal, connectProducer, createDataDir, KafkaLedger, KafkaNames, ledgerEnv, publish, removeDataDir, startKafkaLedger, testKafka, topicTotal,
  uniqueNames, waitFor,
} from './support/kafka-harness';
import { factsInStore, killOnceRecorded, startLedgerProcess } from './support/ledger-child';
import { dealWon, engagementRecorded, incentiveAwarded, Json, leadRegistered, partnerRegistered, uid } from './support/messages';

const PARTNERS = 300;

/** A partner's facts in the order its services publish them: registered, then leads, wins, incentives, engagements. */
function partnerFacts(partnerId: string): Json[] {
  const leads = [uid('lead'), uid('lead'), uid('lead')];
  return [
    partnerRegistered(partnerId),
    ...leads.flatMap((leadId) => [leadRegistered(partnerId, leadId), incentiveAwarded(partnerId), dealWon(leadId), incentiveAwarded(partnerId)]),
    ...Array.from({ length: 7 }, () => engagementRecorded(partnerId)),
  ];
}

/**
 * Exactly once when the ledger dies inside a large batch: 6,000 facts of 300 partners are on
 * the topic before the ledger starts, so that it fetches them in batches of thousands; it is
 * SIGKILLed once some of a batch is recorded and before that batch's offsets are committed.
 * Started again on the same data and group, it records every fact exactly once, nothing is
 * lost, and each partner's order held (every win found its lead: nothing dead-lettered).
 */
describeWithServer('KAFKA_BROKERS', 'Kafka ingest: crash inside a batch of thousands (real broker)', (brokers) => {
  let names: KafkaNames;
  let dataDir: string;
  let kafka: Kafka;
  let producer: Producer | undefined;
  let child: ChildProcess | undefined;
  let ledger: KafkaLedger | undefined;
  const partners = Array.from({ length: PARTNERS }, () => uid('p'));
  const perPartner = partners.map(partnerFacts);
  // Interleaved as a topic sees them: each partner's first fact, then each one's second…
  const messages = perPartner[0]!.flatMap((_, n) => perPartner.map((facts, p) => ({ key: partners[p]!, value: facts[n]! })));
  const TOTAL = messages.length;

  beforeAll(async () => {
    names = uniqueNames('crash-batch');
    dataDir = await createDataDir();
    kafka = testKafka(brokers);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await producer?.disconnect();
    await ledger?.close();
    await removeDataDir(dataDir);
  });

  it('records every fact exactly once after a SIGKILL inside a batch and a restart', async () => {
    const env = ledgerEnv(brokers, names, dataDir, { KAFKA_RELAY_ENABLED: 'false' });
    // The topic is full before the ledger joins: its first fetches are whole batches.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: names.topic }, { topic: names.deadLetterTopic }], waitForLeaders: true });
    await admin.disconnect();
    producer = await connectProducer(kafka);
    await publish(producer, names.topic, messages);
    expect(await topicTotal(kafka, names.topic)).toBe(TOTAL);

    const started = await startLedgerProcess(env);
    child = started.child;
    await killOnceRecorded(started, dataDir, TOTAL / 4);
    expect(child.signalCode).toBe('SIGKILL');

    const committedAtKill = await committedTotal(kafka, names.groupId, names.topic);
    const recordedAtKill = factsInStore(dataDir);
    process.stderr.write(`crash inside a batch: killed with ${committedAtKill} of ${TOTAL} committed, ${recordedAtKill} events recorded\n`);
    // Killed inside a batch: some of it recorded, its offsets not committed.
    expect(committedAtKill).toBeLessThan(TOTAL);
    expect(recordedAtKill).toBeGreaterThan(committedAtKill);

    ledger = await startKafkaLedger(env);
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === TOTAL, {
      timeoutMs: 180_000,
      what: () => 'the restarted ledger to commit every message',
    });

    const events = await allEvents(ledger.app.get<EventStore>(EVENT_STORE));
    const recorded = new Map<string, number>();
    for (const event of events) {
      const key = `${event.metadata.causationId} ${event.type}`;
      recorded.set(key, (recorded.get(key) ?? 0) + 1);
    }
    const missing = messages.filter(({ value }) => !recorded.has(`${value['id']} ${value['type']}`));
    const twice = messages.filter(({ value }) => (recorded.get(`${value['id']} ${value['type']}`) ?? 0) > 1);
    expect({ missing: missing.length, twice: twice.length }).toEqual({ missing: 0, twice: 0 });
    // Each win was decided after its lead's registration, in partner order: none refused.
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);
  }, 360_000);
});
