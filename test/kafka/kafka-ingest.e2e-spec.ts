import { Kafka, KafkaMessage } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import { committedTotal, header, kafkaLedgerSuite, ledgerEnv, publish, startKafkaLedger, topicTotal, waitFor, readWhen } from './support/kafka-harness';
import { certificationEarned, dealWon, incentiveAwarded, Json, leadRegistered, partnerRegistered, uid } from './support/messages';

/**
 * Kafka in, against a real broker: every message type recorded through the same commands
 * as HTTP; every kind of refusal dead-lettered with its reason while consumption goes on;
 * duplicates without a second effect; offsets committed after the outcome.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka ingest (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'ingest');

  /** The partner's profile once `ready` holds for it (the read models catch up asynchronously). */
  const partnerWhen = (partnerId: string, ready: (profile: Json) => boolean) => readWhen(suite.ledger, `/partners/${partnerId}`, ready);

  async function history(partnerId: string): Promise<Json[]> {
    const response = await suite.ledger.http().get(`/partners/${partnerId}/history?limit=500`);
    expect(response.status).toBe(200);
    return response.body.items as Json[];
  }

  /** Sends one message on its own, to learn the partition and offset it landed on. */
  async function publishOne(key: string | null, value: unknown): Promise<{ partition: number; offset: string; value: Buffer }> {
    const raw = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
    const [meta] = await suite.producer.send({ topic: suite.names.topic, acks: -1, messages: [{ key, value: raw }] });
    return { partition: meta!.partition, offset: meta!.baseOffset!, value: raw };
  }

  it('creates its topics at start (the broker does not auto-create them)', async () => {
    const admin = suite.kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([suite.names.topic, suite.names.deadLetterTopic, suite.names.relayTopic]));
    } finally {
      await admin.disconnect();
    }
  });

  it('reports the broker in its readiness once consuming', async () => {
    const { body, status } = await suite.ledger.http().get('/health/ready');
    expect(status).toBe(200);
    expect(body.info).toMatchObject({ eventStore: { status: 'up' }, readStore: { status: 'up' }, broker: { status: 'up' } });
  });

  it('records valid messages of every type; the read models show them, with the Kafka context in the history', async () => {
    const partnerId = uid('p');
    const leadId = uid('lead');
    const engineer = certificationEarned(partnerId);
    const messages = [
      partnerRegistered(partnerId, { actor: 'jane.doe' }),
      leadRegistered(partnerId, leadId),
      dealWon(leadId),
      engineer,
      incentiveAwarded(partnerId),
    ];
    await publish(suite.producer, suite.names.topic, messages.map((value) => ({ key: partnerId, value })));

    const profile = await partnerWhen(partnerId, (p) => p['counters'].incentivesAwarded === 1 && p['counters'].certificationsEarned === 1 && p['counters'].dealsWon === 1);
    expect(profile).toMatchObject({
      partnerId,
      name: 'Acme Integration',
      typology: 'integrator',
      territory: { country: 'FR', region: 'Bretagne' },
      counters: { leadsRegistered: 1, dealsWon: 1, revenueWon: '18500.00', certificationsEarned: 1, incentivesAwarded: 1, incentivesValue: '150.00' },
    });
    expect(profile['certifiedEngineers']['utm']).toEqual([expect.objectContaining({ engineerId: engineer['payload'].engineerId })]);

    const scorecard = await suite.ledger.http().get(`/partners/${partnerId}/scorecards/2026-03`);
    expect(scorecard.status).toBe(200);
    expect(scorecard.body).toMatchObject({ leadsRegistered: 1, dealsWon: 1, revenueWon: '18500.00', incentivesAwarded: 1 });

    const events = await history(partnerId);
    const byCause = new Map<string, Json[]>();
    for (const event of events) byCause.set(event['metadata'].causationId, [...(byCause.get(event['metadata'].causationId) ?? []), event]);
    for (const message of messages) {
      const recorded = byCause.get(message['id']);
      expect(recorded?.length).toBeGreaterThan(0);
      for (const event of recorded!) {
        expect(event['occurredAt']).toBe(message['occurredAt']);
        expect(event['metadata']).toMatchObject({ source: `kafka:${message['source']}`, idempotencyKey: message['id'], actor: message['actor'] ?? message['source'] });
      }
    }
    expect(byCause.get(messages[0]!['id'])![0]!['type']).toBe('PartnerRegistered');
    expect(await topicTotal(suite.kafka, suite.names.deadLetterTopic)).toBe(0);
  });

  it('dead-letters malformed, invalid, unknown-type and refused messages with their reason, and keeps consuming', async () => {
    const partnerId = uid('p');
    const leadId = uid('lead');
    await publish(suite.producer, suite.names.topic, [partnerRegistered(partnerId), leadRegistered(partnerId, leadId), dealWon(leadId)].map((value) => ({ key: partnerId, value })));
    await partnerWhen(partnerId, (p) => p['counters'].dealsWon === 1);
    const before = suite.deadLetters.messages.length;

    const ghost = uid('ghost');
    const refusals = [
      { code: 'MALFORMED_JSON', key: partnerId, value: '{"id": "cut short' },
      { code: 'VALIDATION_FAILED', key: partnerId, value: partnerRegistered(partnerId, { payload: { partnerId, name: 'X', typology: 'franchise', territory: { country: 'FR' } } }) },
      { code: 'UNKNOWN_MESSAGE_TYPE', key: partnerId, value: { ...incentiveAwarded(partnerId), type: 'PartnerDeleted' } },
      { code: 'PARTNER_NOT_FOUND', key: ghost, value: incentiveAwarded(ghost) },
      { code: 'DEAL_ALREADY_WON', key: partnerId, value: dealWon(leadId) },
      { code: 'UNKNOWN_PRODUCT_LINE', key: partnerId, value: certificationEarned(partnerId, { payload: { partnerId, engineerId: 'eng-1', productLine: 'quantum' } }) },
      { code: 'PARTNER_ALREADY_REGISTERED', key: partnerId, value: partnerRegistered(partnerId) },
    ];
    const sent = [];
    for (const refusal of refusals) sent.push({ ...refusal, ...(await publishOne(refusal.key, refusal.value)) });
    // A valid message behind them all, on the same partition as most of them.
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: incentiveAwarded(partnerId) }]);

    await partnerWhen(partnerId, (p) => p['counters'].incentivesAwarded === 1);
    const dead = (await suite.deadLetters.waitForCount(before + refusals.length)).slice(before);
    expect(dead).toHaveLength(refusals.length);
    const byOffset = new Map<string, KafkaMessage>(dead.map((m) => [`${header(m, 'x-original-partition')}@${header(m, 'x-original-offset')}`, m]));
    for (const refusal of sent) {
      const message = byOffset.get(`${refusal.partition}@${refusal.offset}`);
      expect(message).toBeDefined();
      expect({ code: header(message!, 'x-error-code'), topic: header(message!, 'x-original-topic') }).toEqual({ code: refusal.code, topic: suite.names.topic });
      expect(header(message!, 'x-error-message')!.length).toBeGreaterThan(5);
      expect(header(message!, 'x-dead-lettered-at')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(message!.key?.toString()).toBe(refusal.key);
      expect(message!.value?.equals(refusal.value)).toBe(true);
    }
    const notFound = dead.find((m) => header(m, 'x-error-code') === 'PARTNER_NOT_FOUND')!;
    expect(JSON.parse(header(notFound, 'x-error-details')!)).toEqual({ partnerId: ghost });
    expect(header(dead.find((m) => header(m, 'x-error-code') === 'VALIDATION_FAILED')!, 'x-error-message')).toContain('payload.typology');

    // Nothing recorded for the refused ones.
    const types = (await history(partnerId)).map((e) => e['type']);
    expect(types.filter((t) => t === 'DealWon')).toHaveLength(1);
    expect(types.filter((t) => t === 'PartnerRegistered')).toHaveLength(1);
    expect(types).not.toContain('CertificationEarned');
  });

  it('records a message published three times once (same id, no second effect)', async () => {
    const partnerId = uid('p');
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: partnerRegistered(partnerId) }]);
    const award = incentiveAwarded(partnerId);
    const lead = leadRegistered(partnerId, uid('lead'));
    await publish(suite.producer, suite.names.topic, [award, award, lead, award, lead].map((value) => ({ key: partnerId, value })));
    const marker = incentiveAwarded(partnerId, { payload: { ...incentiveAwarded(partnerId)['payload'], value: { amount: '1.00', currency: 'EUR' } } });
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: marker }]);

    const profile = await partnerWhen(partnerId, (p) => p['counters'].incentivesValue === '151.00');
    expect(profile['counters']).toMatchObject({ incentivesAwarded: 2, leadsRegistered: 1 });
    const events = await history(partnerId);
    expect(events.filter((e) => e['metadata'].causationId === award['id'])).toHaveLength(1);
    expect(events.filter((e) => e['metadata'].causationId === lead['id']).map((e) => e['type']).sort()).toEqual(['LeadRegistered', 'OpportunityClaimed']);
  });

  it('commits each offset after its outcome, so a clean restart resumes where it stopped (nothing dead-lettered twice)', async () => {
    await waitFor(async () => (await committedTotal(suite.kafka, suite.names.groupId, suite.names.topic)) === (await topicTotal(suite.kafka, suite.names.topic)), {
      what: () => 'the group to commit every message of the topic',
    });
    const deadBefore = await topicTotal(suite.kafka, suite.names.deadLetterTopic);
    await suite.ledger.close();

    suite.ledger = await startKafkaLedger(ledgerEnv(brokers, suite.names, suite.dataDir));
    const partnerId = uid('p');
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: partnerRegistered(partnerId) }, { key: partnerId, value: '{broken' }]);
    await partnerWhen(partnerId, () => true);
    await waitFor(async () => (await topicTotal(suite.kafka, suite.names.deadLetterTopic)) === deadBefore + 1, { what: () => 'the one new dead letter' });
    await waitFor(async () => (await committedTotal(suite.kafka, suite.names.groupId, suite.names.topic)) === (await topicTotal(suite.kafka, suite.names.topic)), {
      what: () => 'the group to commit the new messages',
    });
    expect(await topicTotal(suite.kafka, suite.names.deadLetterTopic)).toBe(deadBefore + 1);
  });
});
