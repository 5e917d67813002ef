import { randomBytes, randomUUID } from 'node:crypto';
import { defaultPublishedRules, ERASED, erasedPerson, IncentiveAwarded, LedgerEvent, personalDataOf, personKeyOf, SEALED_PREFIX, SEALED_SCHEMA_VERSION, withPersonalFields } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { PersonalDataVault } from '@ledger/personal-data';
import { InMemoryPersonKeyStore } from '../../../../libs/personal-data/src/testing/in-memory-person-key-store';
import { KEYLESS_EVENTS } from '../contracts/kafka-events';
import { PersonalData } from '../people';
import { PERSON_KEYS_HEADER, personKeysOf, relayMessage, relayMessages, RelayReveal } from './event-relay.service';

/**
 * A FAKE PersonalData for the relay's message building: it "opens" the sealed values it was
 * given (`pii:v1:<keyId>:<anything>` → the clear text in its table) in the declared personal
 * fields, and answers "[erased]" for those whose key is in `erased`. No cryptography; it records the audiences asked for.
 */
class FakePersonalData implements RelayReveal {
  readonly erased = new Set<string>();
  readonly audiences: string[] = [];
  constructor(private readonly clear: Record<string, string>) {}

  async reveal<D>(type: string, data: D, audience: 'clear' | 'withheld'): Promise<D> {
    this.audiences.push(audience);
    const declared = personalDataOf({ type } as Pick<LedgerEvent, 'type'>);
    if (!declared) return data;
    return withPersonalFields(data, declared.fields, (value) => {
      const keyId = value.startsWith(SEALED_PREFIX) ? personKeyOf(value) : undefined;
      if (keyId === undefined) return value;
      return this.erased.has(keyId) ? ERASED : this.clear[value];
    });
  }
}

const sealed = (keyId: string, tag: string) => `${SEALED_PREFIX}${keyId}:${tag}`;
let position = 100n;
const recorded = (type: string, data: Record<string, unknown>, schemaVersion = SEALED_SCHEMA_VERSION): RecordedEvent => ({
  eventId: randomUUID(), type, schemaVersion, streamId: `partner-${String(data['partnerId'])}`, revision: 0n, position: position++,
  occurredAt: '2026-04-30T08:00:00Z', recordedAt: '2026-04-30T08:00:01.204Z', data,
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
});

const award = () =>
  recorded('IncentiveAwarded', {
    partnerId: 'p-1', incentiveId: 'inc-1', kind: 'voucher', value: { minor: 15000, currency: 'EUR' },
    recipient: { personId: sealed('pk_grace', 'a'), name: sealed('pk_grace', 'b'), role: 'presales' }, reason: sealed('pk_grace', 'c'),
  });
const fake = () => new FakePersonalData({ [sealed('pk_grace', 'a')]: 'person-7', [sealed('pk_grace', 'b')]: 'Grace Hopper', [sealed('pk_grace', 'c')]: 'Q1 challenge winner' });
const parsed = (value: unknown) => JSON.parse(String(value)) as { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the relay message of a recorded event (fake PersonalData)', () => {
  it("publishes people's data in clear, never a sealed value, with the key ids in x-person-keys (each once)", async () => {
    const personal = fake();
    const message = await relayMessage(award(), personal);
    expect(personal.audiences).toEqual(['clear']);
    expect(parsed(message.value).data).toMatchObject({ recipient: { personId: 'person-7', name: 'Grace Hopper', role: 'presales' }, reason: 'Q1 challenge winner' });
    expect(String(message.value)).not.toContain(SEALED_PREFIX);
    expect(message.key).toBe('p-1');
    expect(message.headers).toEqual({
      'x-event-type': 'IncentiveAwarded', 'x-event-id': expect.any(String), 'content-type': 'application/json', [PERSON_KEYS_HEADER]: 'pk_grace',
    });
  });

  it('publishes "[erased]" for a person whose key was destroyed, and still names the key', async () => {
    const personal = fake();
    personal.erased.add('pk_grace');
    const message = await relayMessage(award(), personal);
    expect(parsed(message.value).data).toMatchObject({ recipient: { personId: ERASED, name: ERASED }, reason: ERASED });
    expect(message.headers?.[PERSON_KEYS_HEADER]).toBe('pk_grace');
  });

  it("names an erased person's stand-in's key, and several people's keys in field order", () => {
    expect(personKeysOf({ type: 'CertificationExpired', data: { partnerId: 'p-1', engineerId: erasedPerson('pk_ada') } })).toEqual(['pk_ada']);
    expect(personKeysOf({ type: 'CertificationEarned', data: { partnerId: 'p-1', engineerId: sealed('pk_a', '1'), engineerName: sealed('pk_b', '2') } })).toEqual(['pk_a', 'pk_b']);
  });

  it('sets no x-person-keys on an event without personal data, nor on one recorded in clear before sealing (schemaVersion 1)', async () => {
    const personal = fake();
    const partner = await relayMessage(recorded('PartnerRegistered', { partnerId: 'p-1', name: 'Acme' }, 1), personal);
    expect(Object.keys(partner.headers ?? {}).sort()).toEqual(['content-type', 'x-event-id', 'x-event-type']);
    const erasure = await relayMessage(recorded('PersonErased', { personId: 'pr_1', keyIds: ['pk_grace'], reason: 'GDPR art. 17 request' }, 1), personal);
    expect(erasure.key).toBeNull();
    expect(parsed(erasure.value).data).toEqual({ personId: 'pr_1', keyIds: ['pk_grace'], reason: 'GDPR art. 17 request' });
    expect(erasure.headers?.[PERSON_KEYS_HEADER]).toBeUndefined();
    const clear = recorded('CertificationEarned', { partnerId: 'p-1', engineerId: 'eng-42', engineerName: 'Ada Lovelace' }, 1);
    const old = await relayMessage(clear, personal);
    expect(parsed(old.value).data).toEqual(clear.data);
    expect(old.headers?.[PERSON_KEYS_HEADER]).toBeUndefined();
  });

  it('relays with no key the events that name no partner (KEYLESS_EVENTS), and a partner\'s objectives with its key', async () => {
    const targets = { dealsWon: 4 };
    const keyless = [
      recorded('ProgramRulesPublished', { ...defaultPublishedRules(), version: 2 }),
      recorded('ChallengeCreated', { challengeId: 'ch-1', name: 'Q2', from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z', metric: 'dealsWon', eligibleRoles: ['sales'], warnings: [] }),
      recorded('ObjectiveSet', { scope: 'typology', typology: 'var', period: '2026-Q2', targets }),
      recorded('HistorySealed', { sealedThroughRevision: 3, sealedEvents: 4, sealedHash: 'ab' }),
    ];
    for (const event of keyless) {
      expect(KEYLESS_EVENTS).toContain(event.type);
      expect({ type: event.type, key: (await relayMessage(event, fake())).key }).toEqual({ type: event.type, key: null });
    }
    expect((await relayMessage(recorded('ObjectiveSet', { scope: 'partner', partnerId: 'p-1', period: '2026-Q2', targets }), fake())).key).toBe('p-1');
  });

  it("keeps the batch's order whatever order the reveals finish in", async () => {
    const batch = Array.from({ length: 20 }, () => award());
    const slow: RelayReveal = {
      reveal: async (type, data, audience) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 15)));
        return fake().reveal(type, data, audience);
      },
    };
    const messages = await relayMessages(batch, slow);
    expect(messages.map((m) => m.headers?.['x-event-id'])).toEqual(batch.map((e) => e.eventId));
  });
});

describe('the relay message of a recorded event (PersonalData over an in-memory vault)', () => {
  it('reveals what PersonalData sealed, then "[erased]" once the person is erased; the key id is the one erasure names', async () => {
    const personal = new PersonalData(new PersonalDataVault({ store: new InMemoryPersonKeyStore(), masterKey: randomBytes(32) }));
    const clear: IncentiveAwarded['data'] = {
      partnerId: 'p-1', incentiveId: 'inc-1', kind: 'voucher', value: { minor: 15000, currency: 'EUR' },
      recipient: { personId: 'person-7', name: 'Grace Hopper', role: 'presales' }, reason: 'Q1 challenge winner',
    } as IncentiveAwarded['data'];
    const [stored] = await personal.seal([{ type: 'IncentiveAwarded', data: clear } as IncentiveAwarded]);
    const event = recorded('IncentiveAwarded', stored!.data as unknown as Record<string, unknown>);
    expect(JSON.stringify(event.data)).toContain(SEALED_PREFIX);

    const before = await relayMessage(event, personal);
    expect(parsed(before.value).data).toEqual(clear);
    expect(String(before.value)).not.toContain(SEALED_PREFIX);
    const keyIds = before.headers?.[PERSON_KEYS_HEADER]?.split(',');
    expect(keyIds).toHaveLength(1);

    expect(await personal.erase('person-7')).toEqual({ keyIds });
    const after = await relayMessage(event, personal);
    expect(parsed(after.value).data).toMatchObject({ recipient: { personId: ERASED, name: ERASED, role: 'presales' }, reason: ERASED, incentiveId: 'inc-1' });
    expect(after.headers?.[PERSON_KEYS_HEADER]).toBe(keyIds!.join(','));
  });
});
