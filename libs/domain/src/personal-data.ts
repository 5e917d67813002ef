import { LedgerEvent, LedgerEventType } from './events';

/**
 * Which fields of an event hold a person's data, and whose: the person's id at `person`
 * (a dotted path into `data`), known within the event's partner. Those fields are stored
 * only as sealed values under that person's own key; everything the ledger decides on and
 * counts (partner, product line, role, kind, amounts, dates) stays in clear.
 */
export interface PersonalData {
  readonly person: string;
  readonly fields: readonly string[];
}

/** The declaration, per event type: names, the ids that identify a person, free text that may name one. */
export const PERSONAL_DATA: { readonly [T in LedgerEventType]?: PersonalData } = {
  CertificationEarned: { person: 'engineerId', fields: ['engineerId', 'engineerName'] },
  CertificationExpired: { person: 'engineerId', fields: ['engineerId'] },
  IncentiveAwarded: { person: 'recipient.personId', fields: ['recipient.personId', 'recipient.name', 'reason'] },
};

/**
 * Schema versions of event types whose personal fields are sealed: version 1 of those types
 * held them in clear (recorded before sealing existed) and reads as is.
 */
export const SEALED_SCHEMA_VERSION = 2;

/** What a reader is shown in place of a value whose person was erased. */
export const ERASED = '[erased]';
/** What a reader not allowed to see personal data is shown in its place. */
export const WITHHELD = '[personal]';

/**
 * A sealed value: `pii:v1:<keyId>:<ciphertext>`, the key id being a pseudonym of the person
 * within the partner. The format is part of the recorded events, hence declared here.
 */
export const SEALED_PREFIX = 'pii:v1:';

/**
 * How a decision sees a value whose key is gone: distinct per person, so that an erased
 * engineer still counts once, and apart from every other, in a partner's tier.
 */
export const erasedPerson = (keyId: string) => `[erased:${keyId}]`;

const ERASED_PERSON = /^\[erased:([A-Za-z0-9_-]+)\]$/;

/** The key id inside a sealed value or an erased person's stand-in; undefined for anything else. */
export function personKeyOf(value: string): string | undefined {
  if (value.startsWith(SEALED_PREFIX)) {
    const end = value.indexOf(':', SEALED_PREFIX.length);
    return end > SEALED_PREFIX.length ? value.slice(SEALED_PREFIX.length, end) : undefined;
  }
  return ERASED_PERSON.exec(value)?.[1];
}

/**
 * Who a person's id value identifies, whatever form it has taken: the key id of a sealed
 * value (each sealing differs, the key is the person's), of an erased stand-in, or the
 * clear id itself.
 */
export const personIdentity = (value: string): string => personKeyOf(value) ?? value;

export const isErasedPerson = (value: string): boolean => ERASED_PERSON.test(value);

/** The personal-data declaration of an event, if it has one. */
export const personalDataOf = (event: Pick<LedgerEvent, 'type'>): PersonalData | undefined => PERSONAL_DATA[event.type];

/** The value at a dotted path of an object, if any. */
export function valueAtPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * A copy of `data` with each of `paths` that holds a string replaced by what `replace` gives
 * it (left as is when `replace` answers undefined): how sealing, opening and withholding
 * rewrite an event's personal fields without touching the rest.
 */
export function withPersonalFields<T>(data: T, paths: readonly string[], replace: (value: string, path: string) => string | undefined): T {
  if (data === null || typeof data !== 'object') return data;
  // Copied along each path only (the rest is shared, never changed): cheaper than a deep clone on the write path.
  const copy = { ...(data as Record<string, unknown>) };
  for (const path of paths) {
    const keys = path.split('.');
    let parent: Record<string, unknown> = copy;
    let found = true;
    for (const key of keys.slice(0, -1)) {
      const next: unknown = parent[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        found = false;
        break;
      }
      parent = parent[key] = { ...(next as Record<string, unknown>) };
    }
    const last = keys[keys.length - 1]!;
    const value = parent[last];
    if (found && typeof value === 'string') {
      const replaced = replace(value, path);
      if (replaced !== undefined) parent[last] = replaced;
    }
  }
  return copy as T;
}
