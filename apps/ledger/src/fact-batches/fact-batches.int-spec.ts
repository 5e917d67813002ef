import { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { dealWon, Json, leadRegistered, partnerRegistered, certificationEarned, uid } from '../../../../test/kafka/support/messages';
import { openLedgerContext } from '../cli/ledger-context';
import { loadConfig } from '../config/ledger-config';
import { FactBatches, FactMessage } from './index';

const fact = (message: Json, key?: string): FactMessage => ({ key: key ?? message['payload']?.partnerId ?? null, value: JSON.stringify(message) });
const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

describe('fact batches (embedded stores)', () => {
  let dir: string;
  let ledger: INestApplicationContext;
  let batches: FactBatches;
  let store: EventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-facts-'));
    ledger = await openLedgerContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, DUE_WORK_INTERVAL_MS: '0', LOG_LEVEL: 'error' }), { coopReactions: true });
    batches = ledger.get(FactBatches);
    store = ledger.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const typesIn = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

  it('decides a later fact against what an earlier one of the same batch recorded, across streams', async () => {
    const [partnerId, leadId] = [uid('p'), uid('lead')];
    const outcomes = await batches.recordFacts([fact(partnerRegistered(partnerId)), fact(leadRegistered(partnerId, leadId)), fact(dealWon(leadId), partnerId)]);
    expect(statuses(outcomes)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(await typesIn(streams.lead(leadId))).toEqual(['LeadRegistered', 'DealWon']);
    const [, , won] = outcomes;
    expect(won).toMatchObject({ eventIds: [(await store.readStream(streams.lead(leadId)))[1]!.eventId] });
  });

  it('records a fact given twice in one batch once, and a batch given again not at all', async () => {
    const partnerId = uid('p');
    const registered = partnerRegistered(partnerId);
    const certified = certificationEarned(partnerId);
    const batch = [fact(registered), fact(certified), fact(registered)];
    const first = await batches.recordFacts(batch);
    expect(statuses(first)).toEqual(['recorded', 'recorded', 'already-recorded']);
    expect(first[2]).toEqual(first[0] && { ...first[0], status: 'already-recorded' });
    const before = await store.headPosition();
    const again = await batches.recordFacts(batch);
    expect(statuses(again)).toEqual(['already-recorded', 'already-recorded', 'already-recorded']);
    expect(again.map((o) => 'eventIds' in o && o.eventIds)).toEqual(first.map((o) => 'eventIds' in o && o.eventIds));
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a fact on its own, with the reason the dead-letter topic carries, and records the rest', async () => {
    const partnerId = uid('p');
    const outcomes = await batches.recordFacts([
      fact(partnerRegistered(partnerId)),
      { key: partnerId, value: '{not json' },
      fact(dealWon(uid('lead-unknown')), partnerId),
      fact({ ...certificationEarned(partnerId), type: 'Teleported' }),
      fact(certificationEarned(partnerId)),
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'recorded' }),
      { status: 'refused', statusCode: 400, code: 'MALFORMED_JSON', message: 'the message value is not UTF-8 JSON' },
      expect.objectContaining({ status: 'refused', code: 'LEAD_NOT_FOUND' }),
      expect.objectContaining({ status: 'refused', code: 'UNKNOWN_MESSAGE_TYPE' }),
      expect.objectContaining({ status: 'recorded' }),
    ]);
    expect((await typesIn(streams.partner(partnerId))).slice(0, 2)).toEqual(['PartnerRegistered', 'CertificationEarned']);
  });

  it('gives a customer project to the first of two partners registering it in one batch', async () => {
    const [first, second] = [uid('p'), uid('p')];
    const customer = { id: uid('cust'), name: 'Globex' };
    const outcomes = await batches.recordFacts([
      fact(partnerRegistered(first)),
      fact(partnerRegistered(second)),
      fact({ ...leadRegistered(first, uid('lead')), payload: { ...leadRegistered(first, 'x')['payload'], leadId: uid('lead'), customer } }),
      fact({ ...leadRegistered(second, uid('lead')), payload: { ...leadRegistered(second, 'x')['payload'], leadId: uid('lead'), customer } }),
    ]);
    expect(statuses(outcomes)).toEqual(['recorded', 'recorded', 'recorded', 'refused']);
    expect(outcomes[3]).toMatchObject({ code: 'LEAD_ALREADY_REGISTERED' });
  });

  it('keeps each partner\'s facts in order while many partners are decided side by side', async () => {
    const partners = Array.from({ length: 200 }, () => ({ partnerId: uid('p'), leadId: uid('lead') }));
    const batch = partners.flatMap(({ partnerId, leadId }) => [partnerRegistered(partnerId), leadRegistered(partnerId, leadId), dealWon(leadId)].map((m) => fact(m, partnerId)));
    const outcomes = await batches.recordFacts(batch);
    expect(new Set(statuses(outcomes))).toEqual(new Set(['recorded']));
    for (const { leadId } of partners.slice(0, 20)) expect(await typesIn(streams.lead(leadId))).toEqual(['LeadRegistered', 'DealWon']);
  });
});
