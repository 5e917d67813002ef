import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { relayedEvent } from '../../apps/ledger/src/contracts/kafka-events';
import { describeWithServer } from '../support/server-suite';
import {
  allEvents, committedTotal, connectProducer, createDataDir, header, KafkaLedger, KafkaNames, ledgerEnv, publish, readTopic, readWhen as readWhenReady, removeDataDir, startKafkaLedger,
  testKafka, TopicReader, topicTotal, uniqueNames, waitFor,
} from './support/kafka-harness';
import { Json, leadExtended, leadLost, leadRegistered, partnerRegistered, sanctionIssued, uid } from './support/messages';

/**
 * The message types of lead extension, loss and sanctions through a real broker: LeadExtended, LeadLost and SanctionIssued
 * are recorded by the same commands as POST /leads/:id/extend, /leads/:id/lost and
 * /partners/:id/sanctions (compared with the same facts sent over HTTP); an invalid one of
 * each is dead-lettered with its reason; delivered again, nothing is recorded twice; and the
 * events they record (LeadProtectionExtended, LeadLost, OpportunityReleased, SanctionIssued
 * yellow and red) are relayed keyed by partnerId with the documented headers.
 *
 * Default rules: protection 90 days, one extension of 30 days, loyalty window 365 days, a red
 * card suspends lead registration for 180 days.
 */
describeWithServer('KAFKA_BROKERS', 'Kafka: leads extended and lost, loyalty cards (real broker)', (brokers) => {
  let names: KafkaNames;
  let dataDir: string;
  let ledger: KafkaLedger;
  let kafka: Kafka;
  let producer: Producer;
  let deadLetters: TopicReader;
  let relayed: TopicReader;

  // The partner fed through Kafka, and its twin fed the same facts over HTTP.
  const viaKafka = { partnerId: uid('p'), leadId: uid('lead'), customerId: uid('cust') };
  const viaHttp = { partnerId: uid('p'), leadId: uid('lead'), customerId: uid('cust') };
  const at = {
    registered: '2026-03-14T09:30:00Z',
    lead: '2026-03-15T10:00:00Z',
    extended: '2026-04-01T08:00:00Z',
    lost: '2026-04-20T16:00:00Z',
    yellow: '2026-05-02T00:00:00Z',
    red: '2026-06-01T00:00:00Z',
  };
  const reasons = { extended: 'customer board meets in July', lost: 'customer chose a competitor', yellow: 'took lead-7 to a competitor', red: 'took lead-9 to a competitor' };
  let messages: Json[];

  beforeAll(async () => {
    names = uniqueNames('leads16');
    dataDir = await createDataDir();
    ledger = await startKafkaLedger(ledgerEnv(brokers, names, dataDir));
    kafka = testKafka(brokers);
    producer = await connectProducer(kafka);
    deadLetters = await readTopic(kafka, names.deadLetterTopic);
    relayed = await readTopic(kafka, names.relayTopic);
  });

  afterAll(async () => {
    await relayed?.stop();
    await deadLetters?.stop();
    await producer?.disconnect();
    await ledger?.close();
    await removeDataDir(dataDir);
  });

  const store = () => ledger.app.get<EventStore>(EVENT_STORE);
  const eventsOf = async (partnerId: string) => (await allEvents(store())).filter((e) => e.data['partnerId'] === partnerId);

  const readWhen = (path: string, ready: (body: Json) => boolean) => readWhenReady(ledger, path, ready);

  /** The twin's ids in place of the partner's: what is left must be the same. */
  const normalised = (value: unknown, ids: typeof viaKafka): unknown =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll(ids.partnerId, '<partner>')
        .replaceAll(ids.leadId, '<lead>')
        .replaceAll(ids.customerId, '<customer>'),
    );

  /** Sends one message on its own, to learn the partition and offset it landed on. */
  async function publishOne(key: string, value: unknown): Promise<{ partition: number; offset: string; value: Buffer }> {
    const raw = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
    const [meta] = await producer.send({ topic: names.topic, acks: -1, messages: [{ key, value: raw }] });
    return { partition: meta!.partition, offset: meta!.baseOffset!, value: raw };
  }

  it('records LeadExtended, LeadLost and SanctionIssued (yellow, then red) as the same facts over HTTP', async () => {
    const { partnerId, leadId, customerId } = viaKafka;
    const customer = { id: customerId, name: 'Globex' };
    messages = [
      partnerRegistered(partnerId, { occurredAt: at.registered }),
      leadRegistered(partnerId, leadId, { occurredAt: at.lead, payload: { ...leadRegistered(partnerId, leadId)['payload'], customer } }),
      leadExtended(leadId, { occurredAt: at.extended, payload: { leadId, reason: reasons.extended } }),
      leadLost(leadId, { occurredAt: at.lost, payload: { leadId, reason: reasons.lost } }),
      sanctionIssued(partnerId, { occurredAt: at.yellow, payload: { partnerId, reason: reasons.yellow, leadId: 'lead-7' } }),
      sanctionIssued(partnerId, { occurredAt: at.red, payload: { partnerId, reason: reasons.red, leadId: 'lead-9' }, actor: 'jane.doe' }),
    ];
    await publish(producer, names.topic, messages.map((value) => ({ key: partnerId, value })));

    // The same facts over HTTP, for the twin.
    const http = ledger.http;
    const twin = viaHttp;
    await http().post('/partners').send({ partnerId: twin.partnerId, name: 'Acme Integration', typology: 'integrator', territory: { country: 'FR', region: 'Bretagne' }, occurredAt: at.registered }).expect(201);
    const { payload: leadPayload } = leadRegistered(twin.partnerId, twin.leadId);
    await http()
      .post(`/partners/${twin.partnerId}/leads`)
      .send({ leadId: twin.leadId, customer: { id: twin.customerId, name: 'Globex' }, project: leadPayload.project, estimatedValue: leadPayload.estimatedValue, occurredAt: at.lead })
      .expect(201);
    const extended = await http().post(`/leads/${twin.leadId}/extend`).send({ reason: reasons.extended, occurredAt: at.extended }).expect(201);
    expect(extended.body).toEqual(expect.objectContaining({ protectedUntil: '2026-07-13T10:00:00.000Z', extensions: 1 }));
    await http().post(`/leads/${twin.leadId}/lost`).send({ reason: reasons.lost, occurredAt: at.lost }).expect(201);
    expect((await http().post(`/partners/${twin.partnerId}/sanctions`).send({ reason: reasons.yellow, leadId: 'lead-7', occurredAt: at.yellow }).expect(201)).body.card).toBe('yellow');
    const red = await http().post(`/partners/${twin.partnerId}/sanctions`).send({ reason: reasons.red, leadId: 'lead-9', occurredAt: at.red }).expect(201);
    expect(red.body).toEqual(expect.objectContaining({ card: 'red', suspendedUntil: '2026-11-28T00:00:00.000Z' }));

    // The lead: lost, extended once, protectedUntil moved 30 days (registered + 90 + 30).
    const lead = await readWhen(`/leads/${leadId}`, (l) => l['status'] === 'lost');
    expect(lead).toEqual(
      expect.objectContaining({
        leadId, partnerId, status: 'lost', customer, extensions: 1, protectedUntil: '2026-07-13T10:00:00.000Z', lostReason: reasons.lost, rulesVersion: 1,
        closedAt: expect.any(String),
      }),
    );
    const twinLead = await readWhen(`/leads/${twin.leadId}`, (l) => l['status'] === 'lost');
    expect(normalised(lead, viaKafka)).toEqual(normalised(twinLead, twin));

    // The partner: a yellow card, then a red one that spends it and suspends registration for 180 days.
    const profile = await readWhen(`/partners/${partnerId}`, (p) => p['sanctions']?.redCards === 1);
    expect(profile['sanctions']).toEqual({ yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2026-11-28T00:00:00.000Z' });
    const twinProfile = await readWhen(`/partners/${twin.partnerId}`, (p) => p['sanctions']?.redCards === 1);
    expect(normalised(profile, viaKafka)).toEqual(normalised(twinProfile, twin));

    // The recorded events: the same types, in the same order, with the same data and business time.
    const recorded = await eventsOf(partnerId);
    const twinRecorded = await eventsOf(twin.partnerId);
    const facts = (events: RecordedEvent[], ids: typeof viaKafka) => events.map((e) => normalised({ type: e.type, occurredAt: e.occurredAt, data: e.data }, ids));
    expect(recorded.map((e) => e.type)).toEqual([
      'PartnerRegistered', 'OpportunityClaimed', 'LeadRegistered', 'LeadProtectionExtended', 'LeadLost', 'OpportunityReleased', 'SanctionIssued', 'SanctionIssued',
    ]);
    expect(facts(recorded, viaKafka)).toEqual(facts(twinRecorded, twin));
    expect(recorded.filter((e) => e.type === 'SanctionIssued').map((e) => e.data)).toEqual([
      { partnerId, card: 'yellow', reason: reasons.yellow, leadId: 'lead-7', rulesVersion: 1, issuedAt: at.yellow, activeUntil: '2027-05-02T00:00:00.000Z' },
      { partnerId, card: 'red', reason: reasons.red, leadId: 'lead-9', rulesVersion: 1, issuedAt: at.red, suspendedUntil: '2026-11-28T00:00:00.000Z' },
    ]);
    // With the Kafka context: each message's id as cause and idempotency key, its source and actor.
    const byType = (type: string) => recorded.filter((e) => e.type === type);
    const cases: [RecordedEvent, Json][] = [
      [byType('LeadProtectionExtended')[0]!, messages[2]!],
      [byType('LeadLost')[0]!, messages[3]!],
      [byType('SanctionIssued')[0]!, messages[4]!],
      [byType('SanctionIssued')[1]!, messages[5]!],
    ];
    for (const [event, message] of cases) {
      expect(event.occurredAt).toBe(message['occurredAt']);
      expect(event.metadata).toMatchObject({ source: 'kafka:crm', actor: message['actor'] ?? 'crm', causationId: message['id'], idempotencyKey: message['id'] });
    }
    // The release follows the loss, caused by the same message.
    expect(byType('OpportunityReleased')[0]!.metadata).toMatchObject({ source: 'kafka:crm', causationId: messages[3]!['id'] });
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(0);
  });

  it('dead-letters an invalid message of each new type with its reason, recording nothing, and keeps consuming', async () => {
    const { partnerId, leadId } = viaKafka;
    const before = deadLetters.messages.length;
    const head = (await allEvents(store())).length;
    const ghost = uid('ghost');
    const refusals = [
      { code: 'VALIDATION_FAILED', field: 'payload.reason', value: leadExtended(leadId, { payload: { leadId } }) },
      { code: 'LEAD_NOT_FOUND', value: leadExtended(uid('nolead')) },
      { code: 'LEAD_NOT_OPEN', value: leadExtended(leadId) },
      { code: 'VALIDATION_FAILED', field: 'payload', value: leadLost(leadId, { payload: { leadId, reason: 'r', amount: '1.00' } }) },
      { code: 'LEAD_NOT_OPEN', value: leadLost(leadId) },
      { code: 'VALIDATION_FAILED', field: 'payload', value: sanctionIssued(partnerId, { payload: { partnerId, reason: 'r', card: 'red' } }) },
      { code: 'PARTNER_NOT_FOUND', key: ghost, value: sanctionIssued(ghost) },
    ];
    const sent = [];
    for (const refusal of refusals) sent.push({ ...refusal, key: refusal.key ?? partnerId, at: await publishOne(refusal.key ?? partnerId, refusal.value) });
    // A valid message behind them, on the same partition: consumption goes on.
    const marker = partnerRegistered(uid('p'));
    await publish(producer, names.topic, [{ key: partnerId, value: marker }]);
    await readWhen(`/partners/${marker['payload'].partnerId}`, () => true);

    const dead = (await deadLetters.waitForCount(before + refusals.length)).slice(before);
    expect(dead).toHaveLength(refusals.length);
    const byOffset = new Map<string, KafkaMessage>(dead.map((m) => [`${header(m, 'x-original-partition')}@${header(m, 'x-original-offset')}`, m]));
    for (const refusal of sent) {
      const message = byOffset.get(`${refusal.at.partition}@${refusal.at.offset}`);
      expect(message).toBeDefined();
      const type: string = refusal.value['type'];
      expect({ type, code: header(message!, 'x-error-code'), topic: header(message!, 'x-original-topic') }).toEqual({ type, code: refusal.code, topic: names.topic });
      const reason = header(message!, 'x-error-message')!;
      expect(reason.length).toBeGreaterThan(5);
      if (refusal.field) expect(reason).toContain(refusal.field);
      expect(header(message!, 'x-dead-lettered-at')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(message!.key?.toString()).toBe(refusal.key);
      expect(message!.value?.equals(refusal.at.value)).toBe(true);
    }
    // Nothing recorded for them: one event more, the marker's registration.
    expect((await allEvents(store())).length).toBe(head + 1);
  });

  it('records nothing twice when the messages are delivered again (same ids)', async () => {
    const { partnerId, leadId } = viaKafka;
    const recordedBefore = await eventsOf(partnerId);
    const deadBefore = await topicTotal(kafka, names.deadLetterTopic);
    // Delivered again in another order too: the yellow card's message after the red one's is answered from its record, not judged again.
    const again = [messages[2]!, messages[3]!, messages[5]!, messages[4]!, messages[3]!, messages[2]!];
    await publish(producer, names.topic, again.map((value) => ({ key: partnerId, value })));
    const marker = partnerRegistered(uid('p'));
    await publish(producer, names.topic, [{ key: partnerId, value: marker }]);
    await readWhen(`/partners/${marker['payload'].partnerId}`, () => true);
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === (await topicTotal(kafka, names.topic)), {
      what: () => 'the group to commit every message of the topic',
    });

    expect((await eventsOf(partnerId)).map((e) => e.eventId)).toEqual(recordedBefore.map((e) => e.eventId));
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(deadBefore);
    expect((await ledger.http().get(`/leads/${leadId}`)).body).toEqual(expect.objectContaining({ status: 'lost', extensions: 1, protectedUntil: '2026-07-13T10:00:00.000Z' }));
    expect((await ledger.http().get(`/partners/${partnerId}`)).body['sanctions']).toEqual({
      yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2026-11-28T00:00:00.000Z',
    });
  });

  it('records nothing twice when the broker delivers the whole topic again (group offsets reset, ledger restarted)', async () => {
    const { partnerId } = viaKafka;
    const before = await allEvents(store());
    await waitFor(async () => (await topicTotal(kafka, names.relayTopic)) === before.length, { what: () => 'the relay to publish every recorded event' });
    const deadBefore = await topicTotal(kafka, names.deadLetterTopic);
    const refusedBefore = deadLetters.messages.map((m) => `${header(m, 'x-original-partition')}@${header(m, 'x-original-offset')}`).sort();
    await ledger.close();

    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: names.groupId, topic: names.topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
    expect(await committedTotal(kafka, names.groupId, names.topic)).toBe(0);

    ledger = await startKafkaLedger(ledgerEnv(brokers, names, dataDir));
    await waitFor(async () => (await committedTotal(kafka, names.groupId, names.topic)) === (await topicTotal(kafka, names.topic)), {
      timeoutMs: 30_000,
      what: () => 'the group to consume the topic again, to its end',
    });
    // The recorded messages are answered from their record; the refused ones are refused again, for the same reasons.
    expect((await allEvents(store())).map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    const dead = (await deadLetters.waitForCount(refusedBefore.length * 2)).slice(refusedBefore.length);
    expect(await topicTotal(kafka, names.deadLetterTopic)).toBe(deadBefore * 2);
    expect(dead.map((m) => `${header(m, 'x-original-partition')}@${header(m, 'x-original-offset')}`).sort()).toEqual(refusedBefore);
    expect((await ledger.http().get(`/partners/${partnerId}`)).body['sanctions']).toEqual({
      yellowCards: 1, redCards: 1, activeYellowUntil: null, suspendedUntil: '2026-11-28T00:00:00.000Z',
    });
    // Nothing new recorded, so nothing new relayed.
    expect(await topicTotal(kafka, names.relayTopic)).toBe(before.length);
  });

  it('relays the events they recorded, keyed by partnerId, with the documented headers, each once', async () => {
    const { partnerId } = viaKafka;
    const recorded = await eventsOf(partnerId);
    await waitFor(() => recorded.every((e) => relayed.messages.some((m) => header(m, 'x-event-id') === e.eventId)), {
      timeoutMs: 30_000,
      what: () => `the partner's ${recorded.length} events on the relay topic`,
    });
    const ofPartner = relayed.messages.filter((m) => recorded.some((e) => e.eventId === header(m, 'x-event-id')));
    expect(ofPartner).toHaveLength(recorded.length);
    for (const message of ofPartner) {
      const event = recorded.find((e) => e.eventId === header(message, 'x-event-id'))!;
      expect(message.key?.toString()).toBe(partnerId);
      expect(Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]))).toEqual({
        'x-event-type': event.type,
        'x-event-id': event.eventId,
        'content-type': 'application/json',
      });
      const value = relayedEvent.parse(JSON.parse(message.value!.toString()));
      expect(value).toEqual({
        eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, streamId: event.streamId, revision: event.revision.toString(),
        position: event.position.toString(), occurredAt: event.occurredAt, recordedAt: event.recordedAt, data: event.data, metadata: event.metadata,
      });
    }
    const relayedTypes = ofPartner.map((m) => header(m, 'x-event-type'));
    expect(relayedTypes).toEqual(expect.arrayContaining(['LeadProtectionExtended', 'LeadLost', 'OpportunityReleased', 'SanctionIssued']));
    const cards = ofPartner.filter((m) => header(m, 'x-event-type') === 'SanctionIssued').map((m) => JSON.parse(m.value!.toString())['data']);
    expect(cards).toEqual([
      expect.objectContaining({ card: 'yellow', activeUntil: '2027-05-02T00:00:00.000Z' }),
      expect.objectContaining({ card: 'red', suspendedUntil: '2026-11-28T00:00:00.000Z' }),
    ]);
    const released = ofPartner.find((m) => header(m, 'x-event-type') === 'OpportunityReleased')!;
    expect(JSON.parse(released.value!.toString())['data']).toEqual(expect.objectContaining({ partnerId, leadId: viaKafka.leadId }));
    // In order: positions increase along the partner's messages.
    const positions = ofPartner.map((m) => BigInt(JSON.parse(m.value!.toString())['position']));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
  it('relays the other new events with their documented key: LeadExpired and SuspensionLifted by partnerId, ProgramRulesPublished without one', async () => {
    // Over HTTP (no message type records them): the twin's suspension lifted, a lead of another partner expired.
    const lifted = await ledger.http().post(`/partners/${viaHttp.partnerId}/sanctions/lift`).send({ reason: 'appeal upheld', occurredAt: '2026-07-01T00:00:00Z' }).expect(201);
    const holder = uid('p');
    await ledger.http().post('/partners').send({ partnerId: holder, name: 'Old Holder', typology: 'var', territory: { country: 'DE' }, occurredAt: '2001-01-01T00:00:00Z' }).expect(201);
    const { payload } = leadRegistered(holder, uid('lead'));
    const lead = await ledger.http().post(`/partners/${holder}/leads`).send({ ...payload, partnerId: undefined, occurredAt: '2001-01-01T00:00:00Z' }).expect(201);
    // expire-due finds the due leads in the `leads` read model: let it show this one first.
    await readWhen(`/leads/${lead.body.leadId}`, () => true);
    const expired = await ledger.http().post('/leads/expire-due').send({ asOf: '2001-06-01T00:00:00Z' }).expect(201);
    expect(expired.body.leadIds).toEqual([lead.body.leadId]);

    const recorded = await allEvents(store());
    const wanted = [
      { type: 'SuspensionLifted', key: viaHttp.partnerId, eventId: lifted.body.eventIds[0] as string },
      { type: 'LeadExpired', key: holder, eventId: expired.body.eventIds[0] as string },
      { type: 'OpportunityReleased', key: holder, eventId: recorded.find((e) => e.type === 'OpportunityReleased' && e.data['partnerId'] === holder)?.eventId },
      { type: 'ProgramRulesPublished', key: undefined, eventId: recorded.find((e) => e.type === 'ProgramRulesPublished')?.eventId },
    ];
    for (const { type, key, eventId } of wanted) {
      expect(eventId).toEqual(expect.any(String));
      await waitFor(() => relayed.messages.some((m) => header(m, 'x-event-id') === eventId), { timeoutMs: 30_000, what: () => `${type} on the relay topic` });
      const message = relayed.messages.find((m) => header(m, 'x-event-id') === eventId)!;
      expect({ type: header(message, 'x-event-type'), key: message.key?.toString(), contentType: header(message, 'content-type') }).toEqual({ type, key, contentType: 'application/json' });
      const event = recorded.find((e) => e.eventId === eventId)!;
      expect(relayedEvent.parse(JSON.parse(message.value!.toString()))).toEqual(expect.objectContaining({ type, eventId, data: event.data }));
    }
  });
});
