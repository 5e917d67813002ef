import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import {
  connectProducer, createDataDir, KafkaLedger, ledgerEnv, publish, readTopic, removeDataDir, startKafkaLedger, TopicReader, uniqueNames, waitFor,
} from './support/kafka-harness';
import { partnerRegistered, uid } from './support/messages';

/**
 * A broker that wants SASL/PLAIN, as managed clusters do: the ledger consumes and relays
 * with the credentials it is given (the password from a file), and with a wrong password
 * it starts, says it is not ready, and records nothing.
 */
describeWithServer('KAFKA_SASL_BROKERS', 'Kafka over SASL/PLAIN (real broker)', (brokers) => {
  const username = process.env['KAFKA_TEST_SASL_USERNAME'] ?? 'ledger';
  const password = process.env['KAFKA_TEST_SASL_PASSWORD'] ?? 'ledger-test-secret';
  const kafka = new Kafka({ clientId: `test-${uid('sasl')}`, brokers: brokers.split(','), sasl: { mechanism: 'plain', username, password }, logLevel: logLevel.NOTHING });

  async function ledgerWithPassword(secret: string, dataDir: string) {
    const names = uniqueNames('sasl');
    const passwordFile = join(dataDir, 'kafka-password');
    writeFileSync(passwordFile, `${secret}\n`);
    const env = ledgerEnv(brokers, names, dataDir, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD_FILE: passwordFile });
    return { names, ledger: await startKafkaLedger(env) };
  }

  describe('with its credentials', () => {
    let dataDir: string;
    let ledger: KafkaLedger;
    let relayed: TopicReader;
    let names: ReturnType<typeof uniqueNames>;

    beforeAll(async () => {
      dataDir = await createDataDir();
      ({ names, ledger } = await ledgerWithPassword(password, dataDir));
      relayed = await readTopic(kafka, names.relayTopic);
    });
    afterAll(async () => {
      await relayed?.stop();
      await ledger?.close();
      await removeDataDir(dataDir);
    });

    it('is ready, records what it consumes and relays what it recorded', async () => {
      expect((await ledger.http().get('/health/ready')).status).toBe(200);
      const partnerId = uid('sasl-partner');
      const producer = await connectProducer(kafka);
      try {
        await publish(producer, names.topic, [{ key: partnerId, value: partnerRegistered(partnerId) }]);
      } finally {
        await producer.disconnect();
      }
      await waitFor(async () => (await ledger.http().get(`/partners/${partnerId}`)).status === 200, { what: () => `partner ${partnerId} in the read models` });
      const [event] = await relayed.waitForCount(1);
      expect(JSON.parse(event!.value!.toString())).toEqual(expect.objectContaining({ type: 'PartnerRegistered', data: expect.objectContaining({ partnerId }) }));
    });
  });

  describe('with a wrong password', () => {
    let dataDir: string;
    let ledger: KafkaLedger;

    beforeAll(async () => {
      dataDir = await createDataDir();
      ({ ledger } = await ledgerWithPassword('not-the-password', dataDir));
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
