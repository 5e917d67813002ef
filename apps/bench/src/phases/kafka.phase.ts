import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { authHeaders, startLedger } from '../support/ledger-process';

export interface KafkaPhaseArgs {
  brokers: string;
  messages: number;
  dataDir: string;
}

export interface KafkaPhaseResult {
  messages: number;
  ledger: { seconds: number; messagesPerSecond: number; deadLettered: number; events: number };
  noop: { seconds: number; messagesPerSecond: number };
  partitions: number;
  ledgerPeakRss: number;
}

const LINES = ['utm', 'network', 'endpoint', 'email', 'cloud'];
const PARTNERS = 2_000;

/**
 * The activity services publish, five fact types over 2,000 partners: each partner registered
 * first, then rounds in which every partner gets one fact, in turn an incentive, a
 * certification, a lead registration, the win of the lead registered in the round before, an
 * incentive again. Keyed by partner, as publishers key them.
 */
export function activityMessages(count: number): { key: string; value: string }[] {
  const partners = Math.max(1, Math.min(PARTNERS, Math.floor(count / 10)));
  const out: { key: string; value: string }[] = [];
  const base = Date.UTC(2025, 0, 1);
  const message = (n: number, type: string, partnerId: string, source: string, payload: Record<string, unknown>) => ({
    key: partnerId,
    value: JSON.stringify({ id: randomUUID(), occurredAt: new Date(base + n * 1_000).toISOString(), source, type, payload }),
  });
  const partnerOf = (i: number) => `K${String(i).padStart(5, '0')}`;
  for (let i = 0; i < partners; i++) {
    out.push(message(i, 'PartnerRegistered', partnerOf(i), 'crm', { partnerId: partnerOf(i), name: `Kafka partner ${i}`, typology: 'var', territory: { country: 'DE' } }));
  }
  for (let n = partners; n < count; n++) {
    const i = n % partners;
    const partnerId = partnerOf(i);
    const round = Math.floor(n / partners) - 1;
    const lead = (r: number) => `KL${r}-${i}`;
    switch (round % 5) {
      case 0:
      case 4:
        out.push(message(n, 'IncentiveAwarded', partnerId, 'incentives', {
          partnerId, recipient: { personId: `p${n % 7}`, role: 'sales' }, kind: 'voucher', value: { amount: '120.00', currency: 'EUR' }, reason: 'Kafka challenge',
        }));
        break;
      case 1:
        out.push(message(n, 'CertificationEarned', partnerId, 'training', { partnerId, engineerId: `e${n % 5}`, productLine: LINES[round % 5], expiresAt: '2099-01-01T00:00:00Z' }));
        break;
      case 2:
        out.push(message(n, 'LeadRegistered', partnerId, 'crm', {
          partnerId, leadId: lead(round), customer: { id: `KC-${n}`, name: 'Customer' }, project: 'Kafka project', estimatedValue: { amount: '5000.00', currency: 'EUR' },
        }));
        break;
      default:
        out.push(message(n, 'DealWon', partnerId, 'crm', { leadId: lead(round - 1), amount: '4800.00', currency: 'EUR' }));
    }
  }
  return out;
}

async function offsetsTotal(kafka: Kafka, topic: string, groupId?: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (groupId === undefined) return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measurement 5: messages/s from the activity topic into the read models (the ledger as a
 * child process consuming a topic filled beforehand), versus a kafkajs consumer reading the
 * same messages and doing nothing. The ledger's time runs from its first event's recordedAt to
 * the moment its group has committed every message and the read models have no lag.
 */
export async function kafkaPhase(args: KafkaPhaseArgs): Promise<KafkaPhaseResult> {
  const tag = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const topic = `bench-activity-${tag}`;
  const kafka = new Kafka({ clientId: `bench-${tag}`, brokers: args.brokers.split(','), logLevel: logLevel.NOTHING });

  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  const partitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;
  await admin.disconnect();

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const messages = activityMessages(args.messages);
  for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  await producer.disconnect();

  // The ceiling: kafkajs reading the same messages and doing nothing with them.
  const consumer = kafka.consumer({ groupId: `bench-noop-${tag}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let first = 0n;
  let last = 0n;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the no-op consumer saw ${seen} of ${messages.length} messages in 300 s`)), 300_000);
    void consumer.run({
      eachMessage: async () => {
        if (seen === 0) first = process.hrtime.bigint();
        seen++;
        if (seen === messages.length) {
          last = process.hrtime.bigint();
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  const noopSeconds = Number(last - first) / 1e9;

  // The ledger ingesting them (it joins a group of its own and reads from the beginning).
  const groupId = `bench-ledger-${tag}`;
  const dlq = `${topic}.dlq`;
  const ledger = await startLedger(args.dataDir, {
    // Every append durable before its offset is committed, as the target is stated.
    SQLITE_SYNCHRONOUS: 'FULL',
    KAFKA_BROKERS: args.brokers, KAFKA_TOPIC: topic, KAFKA_GROUP_ID: groupId, KAFKA_CLIENT_ID: groupId, KAFKA_DLQ_TOPIC: dlq, KAFKA_RELAY_TOPIC: `${topic}.events`,
  }, 'ledger-kafka');
  const peak = ledger.peak().start(100, false);
  try {
    const deadline = Date.now() + 900_000;
    while ((await offsetsTotal(kafka, topic, groupId)) < messages.length) {
      if (Date.now() > deadline) throw new Error('the ledger did not consume every message within 900 s');
      await sleep(50);
    }
    let status: { head: string; projections: { lag: string }[] };
    for (;;) {
      status = (await (await fetch(`${ledger.url}/projections`, { headers: authHeaders })).json()) as typeof status;
      if (status.projections.every((p) => p.lag === '0')) break;
      if (Date.now() > deadline) throw new Error('the read models did not catch up within 900 s');
      await sleep(10);
    }
    const finished = Date.now();
    const ledgerPeakRss = peak.stop();
    await ledger.stop();
    // When the first message was recorded: the earliest recordedAt in the event store.
    const db = new Database(join(args.dataDir, 'events.sqlite'), { readonly: true });
    const started = Date.parse(db.prepare('SELECT MIN(recorded_at) FROM events').pluck().get() as string);
    db.close();
    const deadLettered = await offsetsTotal(kafka, dlq).catch(() => 0);
    const seconds = (finished - started) / 1000;
    return {
      messages: messages.length,
      ledger: { seconds, messagesPerSecond: messages.length / seconds, deadLettered, events: Number(status.head) },
      noop: { seconds: noopSeconds, messagesPerSecond: messages.length / noopSeconds },
      partitions,
      ledgerPeakRss,
    };
  } finally {
    await ledger.stop();
    const cleanup = kafka.admin();
    await cleanup.connect().then(() => cleanup.deleteTopics({ topics: [topic, dlq, `${topic}.events`] })).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
}
