import { createHash } from 'node:crypto';

/**
 * An event's hash, over a canonical JSON form of what the ledger records of it.
 *
 * The hashed object has exactly these ten fields (and no others):
 *
 *   streamId       string   the stream the event belongs to
 *   revision       string   its revision in that stream, as a decimal string ("0", "1", …)
 *   eventId        string   the event's UUID
 *   type           string   e.g. "PartnerRegistered"
 *   schemaVersion  number   the version of the event's data schema
 *   data           object   the event's data, as recorded
 *   occurredAt     string   business time (ISO-8601, as recorded)
 *   recordedAt     string   ledger time of the append (ISO-8601, as recorded)
 *   metadata       object   the event's metadata without the chain fields `hash` and `prevHash`
 *   prevHash       string | null
 *                           the hash of the previous event of the same stream (lowercase hex),
 *                           null for an event with no predecessor in the chain
 *
 * hash = lowercase hex of SHA-256(UTF-8 bytes of canonicalJson(that object)). The position is
 * not hashed: it is where the store put the event, not what was recorded, and the Merkle tree's
 * leaf order already commits to it.
 *
 * canonicalJson:
 * - objects: keys sorted by UTF-16 code units (JavaScript's default sort, as RFC 8785 does),
 *   written `{"k":v,…}`; keys whose value is undefined are left out, as JSON.stringify leaves
 *   them out when the event is stored;
 * - arrays: in order, `[v,…]`; an undefined element is refused (JSON would store null);
 * - strings: escaped exactly as JSON.stringify escapes them;
 * - numbers: as JSON.stringify writes them (the ledger records integers: money in minor
 *   units); NaN and ±Infinity are refused;
 * - true, false, null as themselves;
 * - no whitespace anywhere;
 * - anything else (bigint, Date, Map, class instances, functions, symbols, cycles) is refused,
 *   so that nothing is hashed in a form that differs from the JSON the store keeps.
 * For the ledger's events (ASCII keys, integers, strings) this is the RFC 8785 (JCS) form, and
 * Python's json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) gives the
 * same text.
 */

/** The metadata fields that carry the chain itself and are therefore not hashed. */
export const CHAIN_METADATA_FIELDS = ['hash', 'prevHash'] as const;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

export class CanonicalFormError extends Error {
  constructor(path: string, why: string) {
    super(`cannot write ${path || 'the value'} canonically: ${why}`);
    this.name = 'CanonicalFormError';
  }
}

export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value, [], new Set()));
  } catch (error) {
    if (error !== INDEX_KEY) throw error;
    return write(value, '$', new Set());
  }
}

/**
 * Thrown by sortedCopy on a key that looks like an array index: JavaScript objects keep such
 * keys first, in numeric order, whatever the order they were inserted in.
 */
const INDEX_KEY = Symbol('index key');
const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

/**
 * The fast path: a copy of the value with every object's keys inserted in sorted order, for one
 * JSON.stringify; checked as `write` checks (same errors). `trail` names the place in an error.
 */
function sortedCopy(value: unknown, trail: (string | number)[], ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalFormError(pathOf(trail), `${value} is not a finite number`);
      return value;
    case 'object':
      if (value === null) return null;
      break;
    default:
      throw new CanonicalFormError(pathOf(trail), `a ${typeof value} has no JSON form`);
  }
  const object = value as object;
  if (ancestors.has(object)) throw new CanonicalFormError(pathOf(trail), 'it contains itself');
  ancestors.add(object);
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(object)) {
    copy = new Array(object.length);
    for (let i = 0; i < object.length; i++) {
      trail.push(i);
      if (object[i] === undefined) throw new CanonicalFormError(pathOf(trail), 'undefined in an array');
      copy[i] = sortedCopy(object[i], trail, ancestors);
      trail.pop();
    }
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalFormError(pathOf(trail), `a ${proto?.constructor?.name ?? 'non-plain'} object is not plain JSON`);
    }
    const record = object as Record<string, unknown>;
    copy = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      if (INDEX_LIKE.test(key)) throw INDEX_KEY;
      trail.push(key);
      const member = sortedCopy(record[key], trail, ancestors);
      trail.pop();
      if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
      else copy[key] = member;
    }
  }
  ancestors.delete(object);
  return copy;
}

const pathOf = (trail: (string | number)[]) => trail.reduce<string>((path, step) => (typeof step === 'number' ? `${path}[${step}]` : `${path}.${step}`), '$');

/** The general path: the canonical text written piece by piece. */

function write(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalFormError(path, `${value} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalFormError(path, `a ${typeof value} has no JSON form`);
  }
  const object = value as object;
  if (ancestors.has(object)) throw new CanonicalFormError(path, 'it contains itself');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object
        .map((item, i) => {
          if (item === undefined) throw new CanonicalFormError(`${path}[${i}]`, 'undefined in an array');
          return write(item, `${path}[${i}]`, ancestors);
        })
        .join(',')}]`;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalFormError(path, `a ${proto?.constructor?.name ?? 'non-plain'} object is not plain JSON`);
    }
    const record = object as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`, ancestors)}`).join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

/** What an event's hash is computed over (its envelope as recorded, its data, its metadata). */
export interface HashedEventFields {
  streamId: string;
  /** bigint as the store holds it, or its decimal string. */
  revision: bigint | string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  /** The chain fields (`hash`, `prevHash`) may be present: they are left out. */
  metadata: Record<string, unknown>;
}

const HASH_HEX = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The exact text an event's hash is computed over. */
export function canonicalEventForm(fields: HashedEventFields, prevHash: string | null): string {
  if (prevHash !== null && !(typeof prevHash === 'string' && HASH_HEX.test(prevHash))) {
    throw new CanonicalFormError('prevHash', 'must be null or 64 lowercase hex digits');
  }
  const revision = typeof fields.revision === 'bigint' ? fields.revision.toString() : fields.revision;
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) throw new CanonicalFormError('revision', 'must be a non-negative integer');
  for (const field of ['streamId', 'eventId', 'type', 'occurredAt', 'recordedAt'] as const) {
    if (typeof fields[field] !== 'string') throw new CanonicalFormError(field, 'must be a string');
  }
  if (!Number.isSafeInteger(fields.schemaVersion)) throw new CanonicalFormError('schemaVersion', 'must be an integer');
  for (const field of ['data', 'metadata'] as const) {
    const value = fields[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CanonicalFormError(field, 'must be an object');
  }
  const metadata: Record<string, unknown> = { ...fields.metadata };
  for (const field of CHAIN_METADATA_FIELDS) delete metadata[field];
  return canonicalJson({
    streamId: fields.streamId,
    revision,
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    occurredAt: fields.occurredAt,
    recordedAt: fields.recordedAt,
    metadata,
    prevHash,
  });
}

/** Lowercase hex SHA-256 of the event's canonical form, chained to `prevHash`. */
export function eventHash(fields: HashedEventFields, prevHash: string | null): string {
  return createHash('sha256').update(canonicalEventForm(fields, prevHash), 'utf8').digest('hex');
}
