import { Kafka, KafkaMessage } from 'kafkajs';
import { describeWithServer } from '../support/server-suite';
import { header, kafkaLedgerSuite, publish, readWhen as readWhenReady } from './support/kafka-harness';
import { certificationEarned, challengeCreated, incentiveAwarded, Json, partnerRegistered, uid } from './support/messages';

/**
 * ChallengeCreated through a real broker: recorded as POST /challenges records it
 * (with its warnings), an incentive that names it judged by its terms, and each refusal
 * (the challenge created twice, bad dates, an award it refuses) dead-lettered with its code.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: challenges (real broker)', (brokers) => {
  const suite = kafkaLedgerSuite(brokers, 'challenges17');

  const readWhen = (path: string, ready: (body: Json) => boolean) => readWhenReady(suite.ledger, path, ready);

  it('records a challenge, scores certifications in it, accepts awards it allows and dead-letters those it refuses, with their codes', async () => {
    const challengeId = uid('ch');
    const partnerId = uid('p');
    const inside = '2026-04-10T00:00:00Z';
    const award = (role: string, occurredAt: string, payload: Json = {}) =>
      incentiveAwarded(partnerId, { occurredAt, payload: { ...incentiveAwarded(partnerId)['payload'], challengeId, recipient: { personId: uid('person'), role }, ...payload } });
    const refusals = [
      { code: 'CHALLENGE_ALREADY_EXISTS', key: challengeId, value: challengeCreated(challengeId) },
      { code: 'CHALLENGE_ENDS_BEFORE_IT_STARTS', key: 'ch-x', value: challengeCreated(uid('ch'), {}, { to: '2026-04-01T00:00:00Z' }) },
      { code: 'CHALLENGE_NOT_FOUND', key: partnerId, value: award('technical', inside, { challengeId: uid('none') }) },
      { code: 'ROLE_NOT_ELIGIBLE', key: partnerId, value: award('sales', inside) },
      { code: 'OUTSIDE_CHALLENGE', key: partnerId, value: award('technical', '2026-07-01T00:00:00Z') },
    ];
    // The challenge first (its own key), then the partner's facts in order on theirs.
    await publish(suite.producer, suite.names.topic, [{ key: challengeId, value: challengeCreated(challengeId, {}, { eligibleRoles: ['technical'] }) }]);
    const created = await readWhen(`/challenges/${challengeId}`, () => true);
    expect(created).toMatchObject({ challengeId, metric: 'certificationsEarned', eligibleRoles: ['technical'], warnings: [] });

    await publish(suite.producer, suite.names.topic, [
      { key: partnerId, value: partnerRegistered(partnerId, { occurredAt: '2026-03-01T00:00:00Z' }) },
      { key: partnerId, value: certificationEarned(partnerId, { occurredAt: inside }) },
      { key: partnerId, value: award('technical', inside) },
      ...refusals.map(({ key, value }) => ({ key, value })),
    ]);

    const leaderboard = await readWhen(`/challenges/${challengeId}/leaderboard`, (page) => page['items'][0]?.['awards']?.['count'] === 1);
    expect(leaderboard['items']).toEqual([{ rank: 1, partnerId, value: 1, reachedAt: '2026-04-10T00:00:00.000Z', awards: { count: 1, value: '150.00' } }]);

    const dead: KafkaMessage[] = await suite.deadLetters.waitForCount(refusals.length);
    expect(dead.map((message) => header(message, 'x-error-code')).sort()).toEqual(refusals.map((r) => r.code).sort());
    const challenge = await readWhen(`/challenges/${challengeId}`, () => true);
    expect(challenge['awardsByRole']['technical']).toEqual({ count: 1, value: '150.00', share: '100.0' });
  });
});
