import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStore, NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { ReadStore } from '@ledger/read-store';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { resetRelayCheckpoint } from '../../apps/ledger/src/cli/relay-reset';
import { LedgerBroker, OutboundMessage } from '../../apps/ledger/src/kafka/broker.port';
import { EventRelayService, relayCheckpointName, RelayReveal } from '../../apps/ledger/src/kafka/event-relay.service';
import { KafkaConfig } from '../../apps/ledger/src/kafka/kafka-config';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { LedgerInstance } from '../../apps/ledger/src/instances/ledger-instance';
import { CheckpointSourceGuard } from '../../apps/ledger/src/storage/checkpoint-source-guard';

/** A broker that keeps what it is sent (the relay's switch guard needs no real broker). */
class KeptBroker implements LedgerBroker {
  readonly sent: OutboundMessage[] = [];
  ensureTopics = async () => undefined;
  publish = async (_topic: string, messages: OutboundMessage[]) => void this.sent.push(...messages);
  consume = async () => ({ stop: async () => undefined });
  close = async () => undefined;
}

const TOPIC = 'partner-ledger.events';
const config = { relay: { enabled: true, topic: TOPIC } } as KafkaConfig;
const event = (): NewEvent => ({
  eventId: randomUUID(), type: 'IncentiveAwarded', schemaVersion: 1, occurredAt: '2026-03-14T09:30:00.000Z',
  data: { partnerId: 'p-1' }, metadata: { actor: 'spec', source: 'test', correlationId: randomUUID(), causationId: randomUUID() },
});
/** A FAKE PersonalData that reveals nothing: these events hold no personal data. */
const passThrough: RelayReveal = { reveal: async (_type, data) => data };
const sentIds = (broker: KeptBroker) => broker.sent.map((m) => m.headers!['x-event-id']);

/** The Kafka relay's checkpoint is a position of the event store it relayed; on another store it does not start. */
describe('the Kafka relay after a switch of event stores', () => {
  let folder: string;
  let first: SqliteEventStore;
  let second: SqliteEventStore;
  let reads: ReadStore;
  const relays: EventRelayService[] = [];

  const relay = (events: EventStore, broker: KeptBroker) => {
    const guard = new CheckpointSourceGuard(events, reads);
    const service = new EventRelayService(events, reads, broker, config, guard, passThrough, new LedgerInstance(reads, loadConfig({})));
    relays.push(service);
    service.onApplicationBootstrap();
    return { service, guard };
  };
  const relayedUpTo = async (service: EventRelayService, position: bigint) => {
    while ((await reads.checkpoint(relayCheckpointName(TOPIC))) !== position) await once(service.progress, 'relayed');
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-relay-switch-'));
    first = new SqliteEventStore({ file: join(folder, 'first.sqlite') });
    second = new SqliteEventStore({ file: join(folder, 'second.sqlite') });
    reads = new SqliteReadStore({ file: join(folder, 'read-models.sqlite') });
  });
  afterEach(async () => {
    for (const service of relays.splice(0)) await service.beforeApplicationShutdown();
    await Promise.all([first.close(), second.close(), reads.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('does not start on another event store and says what to run; after a reset it relays that store from its start', async () => {
    for (let i = 0; i < 3; i++) await first.append(`partner-${randomUUID()}`, [event()], 'no_stream');
    const onFirst = new KeptBroker();
    const before = relay(first, onFirst);
    await relayedUpTo(before.service, await first.headPosition());
    await before.service.beforeApplicationShutdown();
    expect(onFirst.sent).toHaveLength(3);

    const [only] = (await second.append('partner-b', [event()], 'no_stream')).events;
    const onSecond = new KeptBroker();
    const refused = relay(second, onSecond);
    await sleep(300);
    expect(onSecond.sent).toEqual([]);
    expect(refused.guard.refusals).toEqual([expect.stringContaining('Kafka relay not started')]);
    expect(refused.guard.refusals[0]).toContain('`npm run ledger -- relay reset`');
    expect(await reads.checkpoint(relayCheckpointName(TOPIC))).toBe(3n); // untouched
    await refused.service.beforeApplicationShutdown();

    expect(await resetRelayCheckpoint(second, reads, TOPIC, false)).toEqual({ checkpoint: relayCheckpointName(TOPIC), after: null, source: await second.identity() });
    const after = relay(second, onSecond);
    await relayedUpTo(after.service, only!.position);
    expect(sentIds(onSecond)).toEqual([only!.eventId]);
    expect(after.guard.refusals).toEqual([]);
  });

  it('with --from-head, relays only what the other store records from then on', async () => {
    await first.append('partner-a', [event()], 'no_stream');
    const onFirst = new KeptBroker();
    const before = relay(first, onFirst);
    await relayedUpTo(before.service, 1n);
    await before.service.beforeApplicationShutdown();

    for (let i = 0; i < 2; i++) await second.append(`partner-${randomUUID()}`, [event()], 'no_stream');
    expect((await resetRelayCheckpoint(second, reads, TOPIC, true)).after).toBe(2n);
    const onSecond = new KeptBroker();
    const after = relay(second, onSecond);
    const [next] = (await second.append('partner-later', [event()], 'no_stream')).events;
    await relayedUpTo(after.service, next!.position);
    expect(sentIds(onSecond)).toEqual([next!.eventId]);
  });
});
