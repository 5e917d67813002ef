import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Kafka, KafkaMessage } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import { allEvents, committedTotal, header, kafkaLedgerSuite, publish, readWhen as readWhenReady, topicTotal, waitFor } from './support/kafka-harness';
import { Json, objectiveSet, partnerRegistered, uid } from './support/messages';

/**
 * ObjectiveSet through a real broker: a typology's targets (keyed by the typology) and a
 * partner's (keyed by its partnerId) are recorded by the same commands as PUT /objectives/…,
 * and show on the partner's scorecard; an invalid one is dead-lettered with its reason; a
 * message delivered again records nothing twice.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: objectives (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'objectives17');
  const partnerId = uid('p');
  let messages: Json[];

  const store = () => suite.ledger.app.get<EventStore>(EVENT_STORE);
  const objectiveEvents = async () => (await allEvents(store())).filter((e) => e.type === 'ObjectiveSet');

  const readWhen = (path: string, ready: (body: Json) => boolean) => readWhenReady(suite.ledger, path, ready);

  it('records a typology\'s and a partner\'s targets, which the partner\'s scorecards then show', async () => {
    messages = [
      objectiveSet({ typology: 'integrator' }, '2026-Q2', { revenueWon: '50000.00', dealsWon: 4, leadsRegistered: 12 }, { occurredAt: '2026-03-25T09:00:00Z' }),
      objectiveSet({ partnerId }, '2026-Q2', { revenueWon: '20000.00' }, { occurredAt: '2026-03-26T09:00:00Z', actor: 'jane.doe' }),
    ];
    await publish(suite.producer, suite.names.topic, [
      { key: partnerId, value: partnerRegistered(partnerId, { occurredAt: '2026-03-14T09:30:00Z' }) },
      { key: 'integrator', value: messages[0]! },
      { key: partnerId, value: messages[1]! },
    ]);

    const card = await readWhen(`/partners/${partnerId}/scorecards/2026-Q2`, (c) => c['targets']?.revenueWon === '20000.00' && c['targets']?.dealsWon === 4);
    expect(card['targets']).toEqual({ revenueWon: '20000.00', dealsWon: 4, leadsRegistered: 12, certifiedEngineers: null });
    expect(card['attainment']).toEqual({ revenueWon: '0.0', dealsWon: '0.0', leadsRegistered: '0.0', certifiedEngineers: null });

    // Keyed apart, the two may be recorded in either order: by stream.
    const recorded = (await objectiveEvents()).sort((x, y) => x.streamId.localeCompare(y.streamId));
    expect(recorded.map((e) => [e.streamId, e.occurredAt, e.data])).toEqual([
      ['objectives-integrator', '2026-03-25T09:00:00Z', { scope: 'typology', typology: 'integrator', period: '2026-Q2', targets: { revenueWon: { minor: 50_000_00, currency: 'EUR' }, dealsWon: 4, leadsRegistered: 12 } }],
      [`partner-${partnerId}`, '2026-03-26T09:00:00Z', { scope: 'partner', partnerId, period: '2026-Q2', targets: { revenueWon: { minor: 20_000_00, currency: 'EUR' } } }],
    ]);
    expect(recorded[1]!.metadata).toMatchObject({ source: 'kafka:planning', actor: 'jane.doe', causationId: messages[1]!['id'], idempotencyKey: messages[1]!['id'] });
    expect(await topicTotal(suite.kafka, suite.names.deadLetterTopic)).toBe(0);
  });

  it('dead-letters an invalid ObjectiveSet with its reason, recording nothing, and keeps consuming', async () => {
    const before = suite.deadLetters.messages.length;
    const ghost = uid('ghost');
    const refusals = [
      { code: 'VALIDATION_FAILED', key: partnerId, value: { ...objectiveSet({ partnerId }, '2026', {}), payload: { partnerId, typology: 'var', period: '2026', dealsWon: 1 } } },
      { code: 'VALIDATION_FAILED', key: 'var', value: objectiveSet({ typology: 'var' }, '2026-Q5', { dealsWon: 1 }) },
      { code: 'VALIDATION_FAILED', key: 'var', value: objectiveSet({ typology: 'var' }, '2026', { revenueWon: '0.00' }) },
      { code: 'PARTNER_NOT_FOUND', key: ghost, value: objectiveSet({ partnerId: ghost }, '2026', { dealsWon: 1 }) },
    ];
    const head = (await objectiveEvents()).length;
    await publish(suite.producer, suite.names.topic, refusals.map(({ key, value }) => ({ key, value })));
    const marker = partnerRegistered(uid('p'));
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: marker }]);
    await readWhen(`/partners/${marker['payload'].partnerId}`, () => true);

    const dead: KafkaMessage[] = (await suite.deadLetters.waitForCount(before + refusals.length)).slice(before);
    const byId = new Map(dead.map((m) => [JSON.parse(m.value!.toString())['id'] as string, m]));
    for (const refusal of refusals) {
      const message = byId.get(refusal.value['id']);
      expect({ id: refusal.value['id'], code: message && header(message, 'x-error-code') }).toEqual({ id: refusal.value['id'], code: refusal.code });
      expect(message!.key?.toString()).toBe(refusal.key);
    }
    expect((await objectiveEvents()).length).toBe(head);
  });

  it('records nothing twice when the messages are delivered again (same ids)', async () => {
    const before = (await objectiveEvents()).map((e) => e.eventId);
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: messages[1]! }, { key: 'integrator', value: messages[0]! }]);
    await waitFor(async () => (await committedTotal(suite.kafka, suite.names.groupId, suite.names.topic)) === (await topicTotal(suite.kafka, suite.names.topic)), {
      what: () => 'the group to commit every message of the topic',
    });
    expect((await objectiveEvents()).map((e) => e.eventId)).toEqual(before);
  });
});
