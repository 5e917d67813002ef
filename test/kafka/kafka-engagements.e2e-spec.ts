import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Kafka } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import { allEvents, header, kafkaLedgerSuite, publish, readWhen as readWhenReady } from './support/kafka-harness';
import { engagementRecorded, Json, partnerRegistered, uid } from './support/messages';

/**
 * EngagementRecorded through a real broker: recorded by the same command as POST
 * /partners/:id/engagements, counted on the month's scorecard; an invalid rating and an
 * unknown partner are dead-lettered with their reason; delivered again, nothing twice.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: engagements (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'engagements17');
  const partnerId = uid('p');
  let messages: Json[];

  const store = () => suite.ledger.app.get<EventStore>(EVENT_STORE);
  const engagementsOf = async () => (await allEvents(store())).filter((e) => e.type === 'EngagementRecorded' && e.data['partnerId'] === partnerId);

  const readWhen = (path: string, ready: (body: Json) => boolean) => readWhenReady(suite.ledger, path, ready);

  it('records each engagement once, with the id given or one derived from the message id, and counts it on the scorecard', async () => {
    messages = [
      partnerRegistered(partnerId, { occurredAt: '2026-03-01T00:00:00Z' }),
      engagementRecorded(partnerId, { occurredAt: '2026-03-10T09:00:00Z' }, { engagementId: 'eng-seminar', satisfaction: 4.5 }),
      engagementRecorded(partnerId, { occurredAt: '2026-03-12T09:00:00Z' }, { kind: 'presales-kit', name: 'Firewall pitch kit', attendees: undefined, satisfaction: 4 }),
    ];
    await publish(suite.producer, suite.names.topic, messages.map((value) => ({ key: partnerId, value })));

    const scorecard = await readWhen(`/partners/${partnerId}/scorecards/2026-03`, (s) => s['engagements'] === 2);
    // (4.5 + 4.0) ÷ 2 = 4.25, one decimal half up.
    expect(scorecard).toEqual(expect.objectContaining({ engagements: 2, averageSatisfaction: '4.3' }));
    const profile = await readWhen(`/partners/${partnerId}`, () => true);
    expect(profile).toEqual(expect.objectContaining({ lastActivityType: 'EngagementRecorded', lastActivityAt: '2026-03-12T09:00:00.000Z' }));

    const recorded = await engagementsOf();
    expect(recorded.map((e) => e.data)).toEqual([
      { partnerId, engagementId: 'eng-seminar', kind: 'seminar', name: 'Spring partner seminar', attendees: 4, satisfaction: 4.5 },
      { partnerId, engagementId: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'presales-kit', name: 'Firewall pitch kit', satisfaction: 4 },
    ]);
    expect(recorded[1]!.metadata).toMatchObject({ source: 'kafka:marketing', causationId: messages[2]!['id'], idempotencyKey: messages[2]!['id'] });

    // Delivered again: nothing recorded twice, the derived id the same.
    await publish(suite.producer, suite.names.topic, [messages[2]!, messages[1]!].map((value) => ({ key: partnerId, value })));
    const marker = partnerRegistered(uid('p'));
    await publish(suite.producer, suite.names.topic, [{ key: partnerId, value: marker }]);
    await readWhen(`/partners/${marker['payload'].partnerId}`, () => true);
    expect((await engagementsOf()).map((e) => e.data)).toEqual(recorded.map((e) => e.data));
  });

  it('dead-letters a rating outside 1–5 and an unknown partner, with the reason, recording nothing', async () => {
    const before = suite.deadLetters.messages.length;
    const ghost = uid('ghost');
    await publish(suite.producer, suite.names.topic, [
      { key: partnerId, value: engagementRecorded(partnerId, {}, { satisfaction: 6 }) },
      { key: partnerId, value: engagementRecorded(partnerId, {}, { satisfaction: 4.25 }) },
      { key: ghost, value: engagementRecorded(ghost) },
    ]);
    const dead = (await suite.deadLetters.waitForCount(before + 3)).slice(before);
    expect(dead.map((m) => header(m, 'x-error-code')).sort()).toEqual(['PARTNER_NOT_FOUND', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    expect(dead.filter((m) => header(m, 'x-error-code') === 'VALIDATION_FAILED').every((m) => header(m, 'x-error-message')!.includes('payload.satisfaction'))).toBe(true);
    expect(await engagementsOf()).toHaveLength(2);
  });
});
