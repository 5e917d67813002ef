/**
 * Pure translation between the event-store port and @eventstore/db-client (6.x): expected
 * revisions, positions, recorded events, the envelope in the event's metadata, and errors.
 * No I/O here, so all of it is unit-tested without a server (translation.spec.ts).
 */
import {
  ANY, AppendExpectedRevision, AllStreamResolvedEvent, ErrorType, EventData, jsonEvent, NO_STREAM, Position,
  PrefixesFilter, ReadPosition, ResolvedEvent, START, STREAM_EXISTS, streamNameFilter, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';

// ---------------------------------------------------------------------------------------------
// Expected revisions

/** The port's expected revision as the client's; the four cases map one to one. */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (typeof expected !== 'bigint' || expected < 0n) throw new RangeError(`not an expected revision: ${String(expected)}`);
      return expected;
  }
}

/**
 * The exact revision an append is sent with, given the stream's current one as just read
 * (null: no stream). Every event links to the one before it, so an append is chained at one
 * revision and must land there: 'any' and 'stream_exists' become the current revision (the
 * adapter links again and resends on a conflict); an expected revision that is not the
 * current one is refused here, as the server would refuse it.
 */
export function exactExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint | null): 'no_stream' | bigint {
  if (expected === 'no_stream') return expected; // the server refuses it on an existing stream
  if (expected === 'any') return current ?? 'no_stream';
  if (current === null || (typeof expected === 'bigint' && expected !== current)) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
  return current;
}

/** The client's WrongExpectedVersionError as the port's conflict, keeping the writer's own expectation. */
export function fromWrongExpectedVersion(error: WrongExpectedVersionError, streamId: string, expected: ExpectedRevision): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, actualRevision(error.actualVersion));
}

/** The stream's current revision as the server reported it: a revision, or 'no_stream' (also for -1). */
export function actualRevision(current: unknown): bigint | 'no_stream' {
  if (current === undefined || current === null || current === NO_STREAM) return 'no_stream';
  const revision = toBigInt(current as bigint | number | string);
  return revision < 0n ? 'no_stream' : revision;
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError || (isObject(error) && error['type'] === ErrorType.WRONG_EXPECTED_VERSION);
}

// ---------------------------------------------------------------------------------------------
// Positions

/** 2^64 - 1: what EventStoreDB puts in a position it does not know (older servers on stream reads). */
export const UNKNOWN_POSITION = 18446744073709551615n;

/** A bigint from what the client or the wire gives: bigint, a safe-integer number, or a decimal string. */
export function toBigInt(value: bigint | number | string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`position or revision ${value} is not a safe integer`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`not an integer: ${String(value)}`);
}

/**
 * The ledger keeps one global position per event: the commit position. Every event the
 * ledger appends goes through gRPC appends, which EventStoreDB writes as implicitly
 * committed prepares: each event gets its own log position and commit == prepare (only
 * legacy TCP explicit transactions share one commit position). So a ledger position p
 * is EventStoreDB's { commit: p, prepare: p }.
 */
export function toClientPosition(position: bigint): Position {
  if (position < 0n) throw new RangeError(`position ${position} is negative`);
  return { commit: position, prepare: position };
}

/** Where a read or subscription starts for "strictly after `after`" (omitted or 0: the start). */
export function startAfter(after: bigint | undefined): ReadPosition {
  return after === undefined || after === 0n ? START : toClientPosition(after);
}

/** The log position of a raw client event, as read (commit, prepare); undefined when unknown. */
export function rawPositionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): Position | undefined {
  const position = resolved.event?.position;
  if (position) {
    const commit = toBigInt(position.commit as bigint | number);
    const prepare = toBigInt(position.prepare as bigint | number);
    if (commit >= 0n && commit !== UNKNOWN_POSITION) return { commit, prepare: prepare >= 0n && prepare !== UNKNOWN_POSITION ? prepare : commit };
  }
  if (resolved.commitPosition !== undefined && resolved.commitPosition !== null) {
    const commit = toBigInt(resolved.commitPosition as bigint | number);
    if (commit >= 0n && commit !== UNKNOWN_POSITION) return { commit, prepare: commit };
  }
  return undefined;
}

/** The ledger's global position of a raw client event (its commit position). */
export function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint {
  const position = rawPositionOf(resolved);
  if (!position) {
    throw new Error(`event ${resolved.event?.id ?? '?'} in ${resolved.event?.streamId ?? '?'} came without a log position (EventStoreDB 22.6 or later reports it on stream reads)`);
  }
  return position.commit;
}

/** Orders two log positions: by commit, then by prepare. */
export function comparePositions(a: Position, b: Position): -1 | 0 | 1 {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Which events are the ledger's
//
// The adapter knows no stream names: which streams are the ledger's is told to it as a list of
// prefixes (the domain's STREAM_PREFIXES, passed in by the storage wiring).

/** The prefixes as given, once checked: at least one, none empty, none of a system ($) stream. */
export function checkedStreamPrefixes(prefixes: readonly string[]): readonly string[] {
  if (prefixes.length === 0) throw new RangeError('the ledger stream prefixes are missing: at least one is needed');
  const bad = prefixes.filter((prefix) => prefix === '' || prefix.startsWith('$'));
  if (bad.length > 0) throw new RangeError(`not a ledger stream prefix: ${bad.map((p) => JSON.stringify(p)).join(', ')} (empty, or a system $ stream)`);
  return [...prefixes];
}

export function isLedgerStream(streamId: string, prefixes: readonly string[]): boolean {
  return !streamId.startsWith('$') && prefixes.some((prefix) => streamId.startsWith(prefix));
}

/** A ledger event: in a ledger stream, not a system ($) event, and JSON. Links are not followed. */
export function isLedgerEvent(resolved: ResolvedEvent | AllStreamResolvedEvent, prefixes: readonly string[]): boolean {
  const event = resolved.event;
  return event !== undefined && isLedgerStream(event.streamId, prefixes) && !event.type.startsWith('$') && event.isJson === true;
}

/** The server-side filter of subscriptions to $all: only streams with a ledger prefix. */
export function ledgerStreamFilter(prefixes: readonly string[]): PrefixesFilter {
  return streamNameFilter({ prefixes: [...prefixes] });
}

// ---------------------------------------------------------------------------------------------
// Events and the envelope in metadata

/**
 * The envelope fields that are not EventStoreDB's own are kept in the event's metadata
 * JSON beside the ledger metadata, under `$`-prefixed keys (EventStoreDB's convention for
 * reserved metadata keys, so they cannot clash with the ledger's names):
 *
 *   { ...metadata, "$schemaVersion": 1, "$occurredAt": "2026-03-14T09:30:00.000Z", "$appendId": "<uuid>" }
 *
 * eventId is the EventStoreDB event id, type its event type, data its JSON data; streamId,
 * revision, position and recordedAt (from `created`) come from the server.
 *
 * `$appendId` is not part of the ledger event: a fresh id for each call of append, written
 * on each of its events. EventStoreDB answers a retried append (same ids, same expected
 * revision) with the same success as the first, so the adapter reads the events back and
 * tells its own write (its appendId) from an earlier one (any other, or none): a duplicate.
 * It is dropped on the way back (decodeMetadata).
 */
export const SCHEMA_VERSION_KEY = '$schemaVersion';
export const OCCURRED_AT_KEY = '$occurredAt';
export const APPEND_ID_KEY = '$appendId';
/**
 * The ledger's own time of the append, set by the adapter before it writes (the server's
 * `created` is known only after, and the event's hash covers its recorded time). Events
 * written without it (before the chain existed) are read with `created`.
 */
export const RECORDED_AT_KEY = '$recordedAt';

export function encodeMetadata(event: Pick<NewEvent, 'schemaVersion' | 'occurredAt' | 'metadata'>, appendId?: string, recordedAt?: string): Record<string, unknown> {
  const reserved = Object.keys(event.metadata).filter((key) => key.startsWith('$'));
  if (reserved.length > 0) throw new RangeError(`metadata keys starting with $ are reserved for the store: ${reserved.join(', ')}`);
  return {
    ...event.metadata,
    [SCHEMA_VERSION_KEY]: event.schemaVersion,
    [OCCURRED_AT_KEY]: event.occurredAt,
    ...(appendId !== undefined ? { [APPEND_ID_KEY]: appendId } : {}),
    ...(recordedAt !== undefined ? { [RECORDED_AT_KEY]: recordedAt } : {}),
  };
}

export function decodeMetadata(raw: unknown, where = 'event'): Pick<NewEvent, 'schemaVersion' | 'occurredAt' | 'metadata'> {
  if (!isObject(raw) || Array.isArray(raw)) throw new Error(`${where} has no ledger envelope in its metadata`);
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [OCCURRED_AT_KEY]: occurredAt, [APPEND_ID_KEY]: _appendId, [RECORDED_AT_KEY]: _recordedAt, ...metadata } = raw;
  if (typeof schemaVersion !== 'number' || typeof occurredAt !== 'string') {
    throw new Error(`${where} has no ledger envelope in its metadata (${SCHEMA_VERSION_KEY}, ${OCCURRED_AT_KEY})`);
  }
  return { schemaVersion, occurredAt, metadata: metadata as EventMetadata };
}

/** A new ledger event as the client's JSON event, its id the ledger's eventId, marked with the append writing it. */
export function toEventData(event: NewEvent, appendId?: string, recordedAt?: string): EventData {
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: encodeMetadata(event, appendId, recordedAt) });
}

/** When the ledger recorded a client event: its own `$recordedAt`, else (events written before it) the server's `created`. */
export function recordedAtOf(event: { metadata?: unknown; created: Date }): string {
  const recordedAt = isObject(event.metadata) ? event.metadata[RECORDED_AT_KEY] : undefined;
  return typeof recordedAt === 'string' ? recordedAt : event.created.toISOString();
}

/** The append that wrote a client event (its `$appendId`); undefined for events written without one. */
export function appendIdOf(resolved: ResolvedEvent | AllStreamResolvedEvent): string | undefined {
  const metadata = resolved.event?.metadata;
  const appendId = isObject(metadata) ? metadata[APPEND_ID_KEY] : undefined;
  return typeof appendId === 'string' ? appendId : undefined;
}

/** A client event (from a stream read, $all read or subscription) as the ledger's recorded event. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new Error('a link to a missing event is not a ledger event');
  const where = `event ${event.id} in ${event.streamId}`;
  if (!event.isJson || !isObject(event.data) || Array.isArray(event.data)) throw new Error(`${where} is not a JSON object`);
  return {
    eventId: event.id,
    type: event.type,
    ...decodeMetadata(event.metadata, where),
    data: event.data as Record<string, unknown>,
    streamId: event.streamId,
    revision: toBigInt(event.revision as bigint | number),
    position: positionOf(resolved),
    recordedAt: recordedAtOf(event),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.CANCELLED, ErrorType.NOT_LEADER, ErrorType.UNKNOWN,
]);
/** gRPC status codes of raw service errors: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, ABORTED, UNAVAILABLE. */
const UNAVAILABLE_GRPC_CODES: ReadonlySet<number> = new Set([1, 2, 4, 10, 14]);
const UNAVAILABLE_SYSTEM_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** True for failures of reaching the server (worth retrying later), not for refusals of a request. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (!isObject(error)) return false;
  if (typeof error['type'] === 'string') return UNAVAILABLE_TYPES.has(error['type']);
  if (typeof error['code'] === 'number') return UNAVAILABLE_GRPC_CODES.has(error['code']);
  if (typeof error['code'] === 'string' && UNAVAILABLE_SYSTEM_CODES.has(error['code'])) return true;
  return typeof error['message'] === 'string' && /^Failed to discover after \d+ attempts/.test(error['message']);
}

export function isNotLeader(error: unknown): boolean {
  return isObject(error) && error['type'] === ErrorType.NOT_LEADER;
}

export function isStreamNotFound(error: unknown): boolean {
  return isObject(error) && error['type'] === ErrorType.STREAM_NOT_FOUND;
}

/** Any other client error as the port's: unavailability becomes EventStoreUnavailableError, the rest passes. */
export function translateError(error: unknown, doing: string): unknown {
  if (error instanceof EventStoreUnavailableError || !isUnavailable(error)) return error;
  const reason = error instanceof Error && error.message ? error.message : String(error);
  return new EventStoreUnavailableError(`EventStoreDB unavailable while ${doing}: ${reason}`, { cause: error });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
