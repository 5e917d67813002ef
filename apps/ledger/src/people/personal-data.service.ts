import { Injectable } from '@nestjs/common';
import {
  ERASED, erasedPerson, isErasedPerson, isLedgerEvent, LedgerEvent, personalDataOf, refuse, SCHEMA_VERSION, SEALED_SCHEMA_VERSION, valueAtPath, WITHHELD, withPersonalFields,
} from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { PersonalDataVault, PersonErasedError } from '@ledger/personal-data';
import { Audience } from '../auth/personal-data-access';
import { PersonalDataReader } from '../read-models/read-model-query';
import { EventSealing } from '../write/event-sealing';


/**
 * The ledger's use of the vault: seals each event's declared personal fields under the
 * person's key at the partner before it is recorded, opens them for decisions, and reveals
 * them to readers as their role allows: clear, "[personal]", or "[erased]" once the
 * person's key is destroyed. Every place that shows an event's data goes through `reveal`.
 */
@Injectable()
export class PersonalData implements EventSealing, PersonalDataReader {
  constructor(private readonly vault: PersonalDataVault) {}

  schemaVersion(type: LedgerEvent['type']): number {
    return personalDataOf({ type }) ? SEALED_SCHEMA_VERSION : SCHEMA_VERSION;
  }

  async seal<E extends LedgerEvent>(events: readonly E[]): Promise<E[]> {
    return Promise.all(events.map((event) => this.sealOne(event)));
  }

  async open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    return Promise.all(
      events.map(async (event) => {
        const declared = isLedgerEvent(event) ? personalDataOf(event) : undefined;
        if (!declared) return event;
        const opened = await this.openAll(event.data, declared.fields);
        // For a decision an erased person stays one person, apart from every other.
        return { ...event, data: withPersonalFields(event.data, declared.fields, (value) => {
          const found = opened.get(value)!;
          return found.state === 'erased' ? erasedPerson(found.keyId) : found.value;
        }) };
      }),
    );
  }

  /** An event's data as a reader with this audience may see it. */
  async reveal<D>(type: string, data: D, audience: Audience): Promise<D> {
    const declared = personalDataOf({ type } as Pick<LedgerEvent, 'type'>);
    if (!declared) return data;
    const opened = await this.openAll(data, declared.fields);
    return withPersonalFields(data, declared.fields, (value) => {
      const found = opened.get(value)!;
      if (found.state === 'erased' || isErasedPerson(found.value)) return ERASED;
      return audience === 'clear' ? found.value : WITHHELD;
    });
  }

  /** One value of a read model (sealed when it is personal), as a reader with this audience may see it. */
  async revealValue(value: string, audience: Audience): Promise<string> {
    const opened = await this.vault.open(value);
    if (opened.state === 'erased' || isErasedPerson(opened.value)) return ERASED;
    if (opened.state === 'not-sealed') return value;
    return audience === 'clear' ? opened.value : WITHHELD;
  }

  /** The person's pseudonym: what the ledger records of them, never their id. */
  personRefOf(personId: string): Promise<string> {
    return this.vault.personRefOf(personId);
  }

  /** Destroys the person's keys at every partner; returns the keys destroyed (none on a repeat). */
  async erase(personId: string): Promise<{ keyIds: string[] }> {
    return { keyIds: await this.vault.erase(personId) };
  }

  private async sealOne<E extends LedgerEvent>(event: E): Promise<E> {
    const declared = personalDataOf(event);
    const personId = declared ? valueAtPath(event.data, declared.person) : undefined;
    // A stand-in for an erased person (an expiry decided from what remains) is no longer personal.
    if (!declared || typeof personId !== 'string' || isErasedPerson(personId)) return event;
    const partnerId = event.data.partnerId!;
    let seal: (plaintext: string) => string;
    try {
      seal = await this.vault.sealerFor(partnerId, personId);
    } catch (error) {
      if (!(error instanceof PersonErasedError)) throw error;
      // An expiry is decided from what the stream holds, never from a request: its person's
      // key may be gone since (an erasure after a cached state, an id recorded in clear
      // before sealing). It is recorded with the erased person's stand-in, not refused.
      if (event.type === 'CertificationExpired') return { ...event, data: withPersonalFields(event.data, declared.fields, () => erasedPerson(error.keyId)) };
      throw refuse.conflict('PERSON_ERASED', 'this person was erased: their data cannot be recorded again under the same id at this partner; use a new id');
    }
    return { ...event, data: withPersonalFields(event.data, declared.fields, (value) => seal(value)) };
  }

  private async openAll(data: unknown, fields: readonly string[]) {
    const opened = new Map<string, { state: 'clear' | 'not-sealed'; value: string } | { state: 'erased'; keyId: string }>();
    for (const path of fields) {
      const value = valueAtPath(data, path);
      if (typeof value === 'string' && !opened.has(value)) opened.set(value, await this.vault.open(value));
    }
    return opened;
  }
}
