import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { SEALED_PREFIX, SEALED_SCHEMA_VERSION } from '@ledger/domain';
import { relayedEvent } from '../../apps/ledger/src/contracts/kafka-events';
import { PersonalData } from '../../apps/ledger/src/people';
import { describeWithServer } from '../support/server-suite';
import {
  connectProducer, createDataDir, header, KafkaLedger, KafkaNames, ledgerEnv, publish, readTopic, removeDataDir, startKafkaLedger, testKafka,
  TopicReader, topicTotal, uniqueNames, waitFor,
  allEvents,
} from './support/kafka-harness';
import { certificationEarned, dealWon, incentiveAwarded, Json, leadRegistered, partnerRegistered, uid } from './support/messages';


/**
 * Relay out: every event the ledger records (from Kafka or HTTP) is published to the relay
 * topic, keyed by partnerId, in the recorded envelope (people's data in clear, with the key
 * ids it is sealed under in `x-person-keys`), in order per partner; after a clean restart it
 * resumes from its checkpoint; an erasure is relayed as PersonErased naming those key ids.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka relay of recorded events (real broker)', (brokers) => {
  let names: KafkaNames;
  let dataDir: string;
  let ledger: KafkaLedger;
  let kafka: Kafka;
  let producer: Producer;
  let relayed: TopicReader;

  beforeAll(async () => {
    names = uniqueNames('relay');
    dataDir = await createDataDir();
    ledger = await startKafkaLedger(ledgerEnv(brokers, names, dataDir));
    kafka = testKafka(brokers);
    producer = await connectProducer(kafka);
    relayed = await readTopic(kafka, names.relayTopic);
  });

  afterAll(async () => {
    await relayed?.stop();
    await producer?.disconnect();
    await ledger?.close();
    await removeDataDir(dataDir);
  });

  const store = () => ledger.app.get<EventStore>(EVENT_STORE);
  const revealed = (event: RecordedEvent) => ledger.app.get(PersonalData).reveal(event.type, event.data, 'clear');
  const valueOf = (message: KafkaMessage) => JSON.parse(message.value!.toString()) as Json;
  /** Waits for the first message on the relay topic that `matches`. */
  async function relayedOne(what: string, matches: (message: KafkaMessage) => boolean): Promise<KafkaMessage> {
    await waitFor(() => relayed.messages.some(matches), { timeoutMs: 30_000, what: () => `${what} on the relay topic` });
    return relayed.messages.find(matches)!;
  }

  function activity(partnerId: string): Json[] {
    const leadId = uid('lead');
    return [partnerRegistered(partnerId), leadRegistered(partnerId, leadId), dealWon(leadId), certificationEarned(partnerId), incentiveAwarded(partnerId), incentiveAwarded(partnerId)];
  }

  /** Waits until the relay topic holds every recorded event, and returns both. */
  async function relayedEverything(): Promise<{ events: RecordedEvent[]; messages: KafkaMessage[] }> {
    let events: RecordedEvent[] = [];
    await waitFor(
      async () => {
        events = await allEvents(store());
        const seen = new Set(relayed.messages.map((m) => header(m, 'x-event-id')));
        return events.length > 0 && events.every((e) => seen.has(e.eventId));
      },
      { timeoutMs: 30_000, what: () => `every recorded event on the relay topic (${events.length} recorded, ${relayed.messages.length} relayed)` },
    );
    return { events, messages: relayed.messages };
  }

  it('publishes every recorded event, from Kafka and from HTTP, keyed by partnerId, in the recorded envelope', async () => {
    const partners = [uid('p'), uid('p'), uid('p')];
    await publish(producer, names.topic, partners.flatMap((partnerId) => activity(partnerId).map((value) => ({ key: partnerId, value }))));
    const viaHttp = uid('p');
    const response = await ledger
      .http()
      .post('/partners')
      .send({ partnerId: viaHttp, name: 'Direct Partner', typology: 'var', territory: { country: 'DE' } });
    expect(response.status).toBe(201);
    await waitFor(async () => (await allEvents(store())).filter((e) => e.type === 'IncentiveAwarded').length === 2 * partners.length, {
      what: () => 'every Kafka message to be recorded',
    });

    const { events, messages } = await relayedEverything();
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const message of messages) {
      expect(message.value!.toString()).not.toContain(SEALED_PREFIX);
      const value = relayedEvent.parse(JSON.parse(message.value!.toString()));
      const recorded = byId.get(value.eventId)!;
      expect(recorded).toBeDefined();
      expect(message.key?.toString()).toBe(recorded.data['partnerId']);
      expect(header(message, 'x-event-type')).toBe(recorded.type);
      expect(value).toEqual({
        eventId: recorded.eventId,
        type: recorded.type,
        schemaVersion: recorded.schemaVersion,
        streamId: recorded.streamId,
        revision: recorded.revision.toString(),
        position: recorded.position.toString(),
        occurredAt: recorded.occurredAt,
        recordedAt: recorded.recordedAt,
        data: await revealed(recorded), // people's data in clear, as recorded otherwise
        metadata: recorded.metadata,
      });
    }
    // Money as recorded: integer minor units.
    const award = messages.map((m) => JSON.parse(m.value!.toString())).find((v) => v.type === 'IncentiveAwarded');
    expect(award.data.value).toEqual({ minor: 15000, currency: 'EUR' });
    expect(award.data.recipient.name).toBe('Grace Hopper');
    expect(messages.some((m) => m.key?.toString() === viaHttp)).toBe(true);
    // One partner's events keep their order: positions increase along each partner's messages.
    const positionsByKey = new Map<string, bigint[]>();
    for (const message of messages.filter((m) => m.key !== null)) {
      const key = message.key!.toString();
      positionsByKey.set(key, [...(positionsByKey.get(key) ?? []), BigInt(JSON.parse(message.value!.toString()).position)]);
    }
    for (const positions of positionsByKey.values()) expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('moves its checkpoint after the broker acknowledged, and resumes from it after a restart (nothing relayed twice)', async () => {
    const { events } = await relayedEverything();
    const checkpointName = `kafka-relay:${names.relayTopic}`;
    await waitFor(async () => (await ledger.app.get<ReadStore>(READ_STORE).checkpoint(checkpointName)) === events[events.length - 1]!.position, {
      what: () => 'the relay checkpoint to reach the head',
    });
    await ledger.close();

    ledger = await startKafkaLedger(ledgerEnv(brokers, names, dataDir));
    const partnerId = uid('p');
    await publish(producer, names.topic, activity(partnerId).map((value) => ({ key: partnerId, value })));
    await waitFor(async () => (await allEvents(store())).filter((e) => e.data['partnerId'] === partnerId && e.type === 'IncentiveAwarded').length === 2, {
      what: () => 'the new partner\'s messages to be recorded',
    });
    const after = await relayedEverything();
    // A clean stop checkpoints what it sent: the restarted relay sends only the new events.
    await waitFor(async () => (await topicTotal(kafka, names.relayTopic)) === after.events.length, {
      what: () => 'the relay topic to hold exactly one message per recorded event',
    });
    expect(new Set(after.messages.map((m) => header(m, 'x-event-id'))).size).toBe(after.events.length);
  });

  it("publishes people's data in clear with x-person-keys; after an erasure, PersonErased names those keys", async () => {
    const partnerId = uid('p');
    const award = incentiveAwarded(partnerId);
    const personId: string = award['payload'].recipient.personId;
    await publish(producer, names.topic, [partnerRegistered(partnerId), award].map((value) => ({ key: partnerId, value })));
    const message = await relayedOne("the partner's IncentiveAwarded", (m) => header(m, 'x-event-type') === 'IncentiveAwarded' && valueOf(m)['data'].partnerId === partnerId);

    // Recorded sealed (schemaVersion 2), relayed in clear: no sealed value anywhere in the message.
    const recorded = (await allEvents(store())).find((e) => e.eventId === header(message, 'x-event-id'))!;
    expect(recorded.schemaVersion).toBe(SEALED_SCHEMA_VERSION);
    expect(JSON.stringify(recorded.data)).toContain(SEALED_PREFIX);
    const value = valueOf(message);
    expect(value['schemaVersion']).toBe(SEALED_SCHEMA_VERSION);
    expect(value['data'].recipient).toEqual({ personId, name: 'Grace Hopper', role: 'presales' });
    expect(value['data'].reason).toBe('Q1 challenge winner');
    expect(message.value!.toString()).not.toContain(SEALED_PREFIX);
    for (const headerValue of Object.values(message.headers ?? {})) expect(String(headerValue)).not.toContain(SEALED_PREFIX);
    const keyIds = header(message, 'x-person-keys')!.split(',');
    expect(keyIds).toEqual([expect.stringMatching(/^pk_[A-Za-z0-9_-]+$/)]);

    const erased = await ledger.http().post(`/people/${personId}/erase`).send({ reason: 'GDPR art. 17 request' });
    expect(erased.status).toBe(201);
    const erasure = await relayedOne('PersonErased naming the key id', (m) => header(m, 'x-event-type') === 'PersonErased' && valueOf(m)['data'].keyIds.includes(keyIds[0]));
    const erasureValue = relayedEvent.parse(valueOf(erasure));
    expect(erasureValue.data).toEqual({ personId: expect.stringMatching(/^pr_/), keyIds: expect.arrayContaining(keyIds), reason: 'GDPR art. 17 request' });
    expect(erasureValue.streamId).toBe(`person-${String(erasureValue.data['personId'])}`);
    expect(erasure.value!.toString()).not.toContain(personId); // the person's pseudonym, never their id
    expect(header(erasure, 'x-person-keys')).toBeUndefined();
    // Relayed again now (a reset of the relay's checkpoint), the award would read "[erased]".
    expect(await revealed(recorded)).toMatchObject({ recipient: { personId: '[erased]', name: '[erased]' }, reason: '[erased]' });
  });
});
