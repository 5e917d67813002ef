import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_EVENT_TYPES, parseAmount, personalDataOf, SEALED_PREFIX, SEALED_SCHEMA_VERSION, withPersonalFields } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { KEYLESS_EVENTS, relayedEvent } from '../../apps/ledger/src/contracts/kafka-events';
import { awardIncentive } from '../../apps/ledger/src/incentives';
import { commandContext, parseActivityMessage } from '../../apps/ledger/src/kafka/activity-translation';
import { relayMessage, RelayReveal } from '../../apps/ledger/src/kafka/event-relay.service';
import { messageSchemaFiles } from '../../apps/ledger/src/kafka/message-schemas';
import { eventMetadata } from '../../apps/ledger/src/write/command-context';
import { CommandIds } from '../../apps/ledger/src/write/command-ids';

/**
 * docs/kafka.md says what the code does: its message example is accepted, its relay example
 * is what the ledger would relay for that very message (same actor, partner, ids), with the
 * headers the relay sets, and it lists every event type the relay can publish. No broker.
 */
const doc = readFileSync(join(__dirname, '../../docs/kafka.md'), 'utf8');
const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
const messageExample = jsonBlocks.find((block) => 'payload' in block && 'source' in block)!;
const relayExample = jsonBlocks.find((block) => 'eventId' in block)!;
const relaySection = doc.slice(doc.indexOf('## The relay out'), doc.indexOf('## For maintainers'));
const asyncapi = readFileSync(join(__dirname, '../../docs/messages/asyncapi.yaml'), 'utf8');
const asyncapiExamples = [...asyncapi.matchAll(/^\s+payload: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
/** The event types relayed without a key, as named in KEYLESS_EVENTS. */
const keyless = [...KEYLESS_EVENTS.matchAll(/[A-Z][A-Za-z]+/g)].map((m) => m[0]);

describe('docs/kafka.md', () => {
  it('has a message example the consumer accepts', () => {
    const parsed = parseActivityMessage(Buffer.from(JSON.stringify(messageExample)));
    if (!parsed.ok) throw new Error(parsed.failure.message);
    expect(parsed.message.type).toBe('IncentiveAwarded');
  });

  it('relays that message as its relay example says: same partner, actor, source, ids and data', () => {
    expect(relayedEvent.safeParse(relayExample).success).toBe(true);
    const parsed = parseActivityMessage(Buffer.from(JSON.stringify(messageExample)));
    if (!parsed.ok || parsed.message.type !== 'IncentiveAwarded') throw new Error('message example');
    const message = parsed.message;
    const context = commandContext(message, { receivedAt: '2026-04-30T08:00:01.000Z' }); // no x-correlation-id header
    const { partnerId, value, ...rest } = message.payload;

    expect(relayExample).toMatchObject({ type: message.type, schemaVersion: SEALED_SCHEMA_VERSION, streamId: `partner-${partnerId}`, occurredAt: message.occurredAt });
    expect(relayExample['metadata']).toEqual(eventMetadata(context));
    expect(relayExample['metadata']['actor']).toBe(message.actor);
    expect(relayExample['eventId']).toBe(new CommandIds(awardIncentive.name, context).eventId(relayExample['streamId'], 0));
    expect(relayExample['data']).toEqual({ partnerId, ...rest, value: { minor: parseAmount(value.amount), currency: value.currency } });
  });

  it('gives the key and the headers the relay sets, content-type and the person keys included', async () => {
    const { revision, position, ...envelope } = relayExample;
    // The event as stored: its personal fields sealed under the key the doc names; a FAKE
    // PersonalData opens them again (no cryptography).
    const keyId = /x-person-keys=(pk_[A-Za-z0-9_-]+)/.exec(relaySection)![1]!;
    const fields = personalDataOf({ type: 'IncentiveAwarded' })!.fields;
    const clearOf = new Map<string, string>();
    const seal = (value: string) => {
      const sealed = `${SEALED_PREFIX}${keyId}:${clearOf.size}`;
      clearOf.set(sealed, value);
      return sealed;
    };
    const open: RelayReveal = { reveal: async (_type, data) => withPersonalFields(data, fields, (value) => clearOf.get(value)) };
    const stored = { ...envelope, data: withPersonalFields(envelope['data'], fields, seal), revision: BigInt(revision), position: BigInt(position) } as RecordedEvent;
    expect(clearOf.size).toBe(3);

    const message = await relayMessage(stored, open);
    expect(message.key).toBe('p-1001');
    expect(JSON.parse(String(message.value))).toEqual(relayExample);
    const headers = Object.entries(message.headers ?? {});
    expect(headers.map(([name]) => name).sort()).toEqual(['content-type', 'x-event-id', 'x-event-type', 'x-person-keys']);
    expect(message.headers?.['x-person-keys']).toBe(keyId);
    expect(relaySection).toContain(headers.map(([name, v]) => `${name}=${v}`).join(','));
    for (const [name] of headers) expect(relaySection).toContain(`| Header \`${name}\` |`);
    expect(relaySection).toContain('| Header `content-type` | `application/json` |');
  });

  it('lists every event type the relay can publish', () => {
    const listed = [...relaySection.matchAll(/^\| `([A-Za-z]+)` \| `[a-z]+(?:-[a-z]+)*(?:-<|`)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...LEDGER_EVENT_TYPES].sort());
  });

  it('has the same examples as the AsyncAPI document: the message and its relayed event', () => {
    expect(asyncapiExamples).toContainEqual(messageExample);
    expect(asyncapiExamples).toContainEqual(relayExample);
  });

  it('names, as the AsyncAPI document and the envelope schema do, every event relayed without a key', () => {
    expect(keyless).toEqual(['PersonErased', 'ProgramRulesPublished', 'ChallengeCreated', 'ObjectiveSet', 'HistorySealed']);
    const keyRow = relaySection.split('\n').find((line) => line.startsWith('| Key |'))!;
    const ledgerEventKey = /^    LedgerEvent:[\s\S]*?key:\s+type: string\s+description: (.*)/m.exec(asyncapi)![1]!;
    for (const type of keyless) {
      expect(`${type}: ${keyRow.includes(`\`${type}\``)}`).toBe(`${type}: true`);
      expect(`${type}: ${ledgerEventKey.includes(type)}`).toBe(`${type}: true`);
    }
  });

  it('lists every JSON Schema file of docs/messages', () => {
    const contract = doc.slice(0, doc.indexOf('## Configuration'));
    for (const file of Object.keys(messageSchemaFiles())) expect(`${file}: ${contract.includes(`\`${file}\``)}`).toBe(`${file}: true`);
  });

  it('gives every producing kcat command the Java-compatible partitioner', () => {
    const commands = doc.replace(/\\\n\s*/g, ' ').split('\n').filter((line) => /\bkcat\b.*\s-P\b/.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command).toContain('-X topic.partitioner=murmur2_random');
  });
});
