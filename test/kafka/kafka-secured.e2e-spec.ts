import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import {
  connectProducer, createDataDir, KafkaLedger, ledgerEnv, publish, readTopic, removeDataDir, startKafkaLedger, TopicReader, uniqueNames, waitFor,
} from './support/kafka-harness';
import { partnerRegistered, uid } from './support/messages';

/** A listener of the test broker that wants more than plaintext, and how to reach it. */
interface SecuredListener {
  variable: string;
  title: string;
  /** The test's own client options for that listener. */
  client: () => Pick<KafkaConfig, 'ssl' | 'sasl'>;
  /** The ledger's settings that should work, and settings the broker must refuse; `dataDir` holds any file they name. */
  good: (dataDir: string) => Record<string, string>;
  bad: (dataDir: string) => Record<string, string>;
}

const username = process.env['KAFKA_TEST_SASL_USERNAME'] ?? 'ledger';
const password = process.env['KAFKA_TEST_SASL_PASSWORD'] ?? 'ledger-test-secret';
function caFile(): string {
  const file = process.env['KAFKA_TEST_SSL_CA_FILE'];
  if (!file) throw new Error('KAFKA_TEST_SSL_CA_FILE must name the certificate the TLS listener uses (test/infra/kafka/start.sh writes it as ca.pem)');
  return file;
}

/** The password in a file, as a mounted secret would give it. */
function passwordFile(dataDir: string, secret: string): string {
  const file = join(dataDir, 'kafka-password');
  writeFileSync(file, `${secret}\n`);
  return file;
}

const listeners: SecuredListener[] = [
  {
    variable: 'KAFKA_SASL_BROKERS',
    title: 'SASL/PLAIN',
    client: () => ({ sasl: { mechanism: 'plain', username, password } }),
    good: (dataDir) => ({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD_FILE: passwordFile(dataDir, password) }),
    bad: (dataDir) => ({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD_FILE: passwordFile(dataDir, 'not-the-password') }),
  },
  {
    variable: 'KAFKA_SSL_BROKERS',
    title: 'TLS with a private certificate authority',
    client: () => ({ ssl: { ca: [readFileSync(caFile(), 'utf8')] } }),
    good: () => ({ KAFKA_SSL_CA_FILE: caFile() }),
    // The system's authorities do not vouch for the broker's self-signed certificate.
    bad: () => ({ KAFKA_SSL: 'true' }),
  },
];

/**
 * Brokers that want TLS or SASL, as managed clusters do: with the settings that fit, the
 * ledger consumes and relays; with settings the broker refuses, it starts, says it is not
 * ready, and records nothing.
 */
for (const listener of listeners) {
  describeWithServer(listener.variable, `Kafka over ${listener.title} (real broker)`, (brokers) => {
    const kafka = () => new Kafka({ clientId: `test-${uid('secured')}`, brokers: brokers.split(','), logLevel: logLevel.NOTHING, ...listener.client() });

    describe('with settings that fit', () => {
      let dataDir: string;
      let ledger: KafkaLedger;
      let relayed: TopicReader;
      const names = uniqueNames('secured');

      beforeAll(async () => {
        dataDir = await createDataDir();
        ledger = await startKafkaLedger(ledgerEnv(brokers, names, dataDir, listener.good(dataDir)));
        relayed = await readTopic(kafka(), names.relayTopic);
      });
      afterAll(async () => {
        await relayed?.stop();
        await ledger?.close();
        await removeDataDir(dataDir);
      });

      it('is ready, records what it consumes and relays what it recorded', async () => {
        expect((await ledger.http().get('/health/ready')).status).toBe(200);
        const partnerId = uid('secured-partner');
        const producer = await connectProducer(kafka());
        try {
          await publish(producer, names.topic, [{ key: partnerId, value: partnerRegistered(partnerId) }]);
        } finally {
          await producer.disconnect();
        }
        await waitFor(async () => (await ledger.http().get(`/partners/${partnerId}`)).status === 200, { what: () => `partner ${partnerId} in the read models` });
        // The program's version 1, recorded when the ledger first started, is relayed too. It is keyed
        // by the program stream, not the partner, so it may sit on another partition: no order across them.
        const events = (await relayed.waitForCount(2)).map((message) => JSON.parse(message.value!.toString()));
        expect(events.map((event) => event.type).sort()).toEqual(['PartnerRegistered', 'ProgramRulesPublished']);
        expect(events.find((event) => event.type === 'PartnerRegistered')).toEqual(expect.objectContaining({ data: expect.objectContaining({ partnerId }) }));
      });
    });

    describe('with settings the broker refuses', () => {
      let dataDir: string;
      let ledger: KafkaLedger;

      beforeAll(async () => {
        dataDir = await createDataDir();
        ledger = await startKafkaLedger(ledgerEnv(brokers, uniqueNames('refused'), dataDir, listener.bad(dataDir)));
      });
      afterAll(async () => {
        await ledger?.close();
        await removeDataDir(dataDir);
      });

      it('still answers HTTP, and readiness says the broker is down', async () => {
        expect((await ledger.http().get('/health/live')).status).toBe(200);
        const ready = await ledger.http().get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.details.broker).toEqual(expect.objectContaining({ status: 'down' }));
        expect(ready.body.details.eventStore).toEqual({ status: 'up' });
      });
    });
  });
}
