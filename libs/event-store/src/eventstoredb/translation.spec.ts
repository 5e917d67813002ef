import {
  AccessDeniedError, ANY, AllStreamResolvedEvent, convertToCommandError, DeadlineExceededError, jsonEvent, NO_STREAM, NotLeaderError,
  ResolvedEvent, START, STREAM_EXISTS, StreamNotFoundError, UnavailableError, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { STREAM_PREFIXES } from '@ledger/domain';
import { NewEvent } from '../event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import {
  actualRevision, appendIdOf, comparePositions, decodeMetadata, encodeMetadata, exactExpectedRevision, fromWrongExpectedVersion,
  checkedStreamPrefixes, isLedgerEvent, isLedgerStream, isNotLeader, isStreamNotFound, isUnavailable, isWrongExpectedVersion, ledgerStreamFilter,
  positionOf, rawPositionOf, startAfter, toBigInt, toClientExpectedRevision, toClientPosition, toEventData,
  toRecordedEvent, translateError, UNKNOWN_POSITION,
} from './translation';
import { resolvedAsSent } from './testing/resolved-event';

/** A gRPC service error as @grpc/grpc-js delivers it: code, details, and metadata with getMap(). */
function serviceError(code: number, details: string, metadata: Record<string, string>) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => metadata } });
}

const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: '0b9f7f38-2a8f-4c55-9d9c-1f1c4b0e6a01',
  type: 'DealWon',
  schemaVersion: 2,
  occurredAt: '2026-03-14T09:30:00.000Z',
  data: { amount: { minor: 125010, currency: 'EUR' }, lines: [{ product: 'é ✓', n: null }], flag: true },
  metadata: { actor: 'crm', source: 'kafka:crm', correlationId: 'c-1', causationId: 'k-1', idempotencyKey: 'key-1', hash: 'ab12' },
  ...overrides,
});

describe('EventStoreDB translation', () => {
  describe('expected revisions', () => {
    it('sends a chained append at the exact revision it links to, refusing what the server would refuse', () => {
      expect(exactExpectedRevision('s', 'any', 4n)).toBe(4n);
      expect(exactExpectedRevision('s', 'any', null)).toBe('no_stream');
      expect(exactExpectedRevision('s', 'stream_exists', 4n)).toBe(4n);
      expect(exactExpectedRevision('s', 'no_stream', null)).toBe('no_stream');
      expect(exactExpectedRevision('s', 4n, 4n)).toBe(4n);
      expect(() => exactExpectedRevision('s', 'stream_exists', null)).toThrow(expect.objectContaining({ actual: 'no_stream' }));
      const stale = (() => { try { exactExpectedRevision('s', 3n, 4n); } catch (error) { return error; } })();
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale).toMatchObject({ expected: 3n, actual: 4n });
    });

    it('maps each of the port expectations onto the client constant of the same meaning', () => {
      expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toClientExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
      expect(toClientExpectedRevision('any')).toBe(ANY);
      expect(toClientExpectedRevision(0n)).toBe(0n);
      expect(toClientExpectedRevision(41n)).toBe(41n);
    });

    it('refuses a negative revision rather than sending it', () => {
      expect(() => toClientExpectedRevision(-1n)).toThrow(RangeError);
    });

    it('turns the client WrongExpectedVersionError into the port conflict with the actual revision', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'partner-1', expected: 3n, current: 5n });
      expect(isWrongExpectedVersion(error)).toBe(true);
      const conflict = fromWrongExpectedVersion(error, 'partner-1', 3n);
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect(conflict).toMatchObject({ streamId: 'partner-1', expected: 3n, actual: 5n });
    });

    it('reports a missing stream as actual no_stream, and keeps the writer expectation', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'lead-9', expected: STREAM_EXISTS, current: NO_STREAM });
      expect(fromWrongExpectedVersion(error, 'lead-9', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
    });

    it('reads the actual revision of a WrongExpectedVersion that came as a gRPC status', () => {
      const converted = convertToCommandError(
        serviceError(9, 'Append failed due to WrongExpectedVersion', {
          exception: 'wrong-expected-version', 'stream-name': 'opportunity-acme', 'expected-version': '-1', 'actual-version': '0',
        }),
      );
      expect(converted).toBeInstanceOf(WrongExpectedVersionError);
      expect(isWrongExpectedVersion(converted)).toBe(true);
      expect(fromWrongExpectedVersion(converted as WrongExpectedVersionError, 'opportunity-acme', 'no_stream').actual).toBe(0n);

      const missing = convertToCommandError(
        serviceError(9, 'Append failed due to WrongExpectedVersion', { exception: 'wrong-expected-version', 'stream-name': 'lead-1', 'expected-version': '4' }),
      ) as WrongExpectedVersionError;
      expect(fromWrongExpectedVersion(missing, 'lead-1', 4n).actual).toBe('no_stream');
    });

    it('reads an actual revision given as a number, a string, or -1 for no stream', () => {
      expect(actualRevision(7)).toBe(7n);
      expect(actualRevision('12')).toBe(12n);
      expect(actualRevision(-1n)).toBe('no_stream');
      expect(actualRevision(NO_STREAM)).toBe('no_stream');
      expect(actualRevision(undefined)).toBe('no_stream');
    });

    it('does not take the port conflict or other errors for a WrongExpectedVersion', () => {
      expect(isWrongExpectedVersion(new WrongExpectedRevisionError('partner-1', 0n, 1n))).toBe(false);
      expect(isWrongExpectedVersion(new Error('wrong expected version'))).toBe(false);
      expect(isWrongExpectedVersion(undefined)).toBe(false);
    });
  });

  describe('positions', () => {
    it('coerces numbers and decimal strings to bigint, and refuses unsafe numbers', () => {
      expect(toBigInt(123)).toBe(123n);
      expect(toBigInt('18446744073709551614')).toBe(18446744073709551614n);
      expect(toBigInt(5n)).toBe(5n);
      expect(() => toBigInt(2 ** 53 + 2)).toThrow(RangeError);
      expect(() => toBigInt(1.5)).toThrow(RangeError);
      expect(() => toBigInt('12a')).toThrow(TypeError);
    });

    it('takes the commit position of an event as its global position, bigint or number', () => {
      const sent = toEventData(newEvent());
      expect(positionOf(resolvedAsSent(sent, { streamId: 'partner-1', revision: 0n, commit: 4096n }))).toBe(4096n);
      const asNumbers = resolvedAsSent(sent, { streamId: 'partner-1', revision: 0, commit: 8192, prepare: 8192 });
      expect(positionOf(asNumbers)).toBe(8192n);
      expect(typeof positionOf(asNumbers)).toBe('bigint');
      expect(rawPositionOf(asNumbers)).toEqual({ commit: 8192n, prepare: 8192n });
    });

    it('falls back to the resolved event commit position when the record has none or the unknown marker', () => {
      const sent = toEventData(newEvent());
      expect(positionOf(resolvedAsSent(sent, { streamId: 'partner-1', revision: 0n, commitPosition: 777n }))).toBe(777n);
      expect(positionOf(resolvedAsSent(sent, { streamId: 'partner-1', revision: 0n, commit: UNKNOWN_POSITION, commitPosition: 778n }))).toBe(778n);
    });

    it('refuses an event without any position instead of inventing one', () => {
      const sent = toEventData(newEvent());
      expect(() => positionOf(resolvedAsSent(sent, { streamId: 'partner-1', revision: 0n }))).toThrow(/22\.6/);
      expect(() => positionOf(resolvedAsSent(sent, { streamId: 'partner-1', revision: 0n, commit: UNKNOWN_POSITION }))).toThrow(/position/);
    });

    it('sends a ledger position as commit and prepare alike, and the start for nothing or zero', () => {
      expect(toClientPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
      expect(() => toClientPosition(-1n)).toThrow(RangeError);
      expect(startAfter(undefined)).toBe(START);
      expect(startAfter(0n)).toBe(START);
      expect(startAfter(99n)).toEqual({ commit: 99n, prepare: 99n });
    });

    it('orders log positions by commit then prepare', () => {
      expect(comparePositions({ commit: 1n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(-1);
      expect(comparePositions({ commit: 2n, prepare: 5n }, { commit: 2n, prepare: 3n })).toBe(1);
      expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 3n })).toBe(0);
    });
  });

  describe('events and the envelope in metadata', () => {
    it('sends the ledger event as a JSON event under its own id with the envelope in metadata', () => {
      const event = newEvent();
      const sent = toEventData(event);
      expect(sent).toMatchObject({ id: event.eventId, type: 'DealWon', contentType: 'application/json', data: event.data });
      expect(sent.metadata).toEqual({ ...event.metadata, $schemaVersion: 2, $occurredAt: '2026-03-14T09:30:00.000Z' });
    });

    it('reads back exactly the event that was sent, with the server stream, revision, position and time', () => {
      const event = newEvent();
      const created = new Date('2026-03-14T09:30:05.678Z');
      const read = toRecordedEvent(resolvedAsSent(toEventData(event), { streamId: 'partner-7', revision: 3n, commit: 5120n, created }));
      expect(read).toEqual({ ...event, streamId: 'partner-7', revision: 3n, position: 5120n, recordedAt: '2026-03-14T09:30:05.678Z' });
      expect(read.metadata).toEqual(event.metadata);
      expect(Object.keys(read.metadata).some((k) => k.startsWith('$'))).toBe(false);
    });

    it("reads back the ledger's own recorded time when the event carries it, and drops it from the metadata", () => {
      const event = newEvent();
      const sent = toEventData(event, 'append-1', '2026-03-14T09:30:05.000Z');
      expect(sent.metadata).toMatchObject({ $recordedAt: '2026-03-14T09:30:05.000Z' });
      const read = toRecordedEvent(resolvedAsSent(sent, { streamId: 'partner-7', revision: 3n, commit: 5120n, created: new Date('2026-03-14T09:30:05.678Z') }));
      expect(read.recordedAt).toBe('2026-03-14T09:30:05.000Z');
      expect(read.metadata).toEqual(event.metadata);
    });

    it('reads a revision that arrives as a number as bigint', () => {
      const read = toRecordedEvent(resolvedAsSent(toEventData(newEvent()), { streamId: 'lead-1', revision: 2, commit: 64 }));
      expect(read.revision).toBe(2n);
      expect(read.position).toBe(64n);
    });

    it('round-trips metadata with only the required fields, and empty data', () => {
      const event = newEvent({ data: {}, metadata: { actor: 'a', source: 'http', correlationId: 'c', causationId: 'd' } });
      const read = toRecordedEvent(resolvedAsSent(toEventData(event), { streamId: 'lead-1', revision: 0n, commit: 10n }));
      expect(read.metadata).toEqual(event.metadata);
      expect(read.data).toEqual({});
    });

    it('marks the events of one append with its appendId, and drops the mark on the way back', () => {
      const event = newEvent();
      const sent = toEventData(event, 'append-1');
      expect(sent.metadata).toEqual({ ...event.metadata, $schemaVersion: 2, $occurredAt: '2026-03-14T09:30:00.000Z', $appendId: 'append-1' });
      const back = resolvedAsSent(sent, { streamId: 'partner-7', revision: 0n, commit: 10n });
      expect(appendIdOf(back)).toBe('append-1');
      expect(toRecordedEvent(back).metadata).toEqual(event.metadata);
      expect(appendIdOf(resolvedAsSent(toEventData(event), { streamId: 'partner-7', revision: 0n, commit: 10n }))).toBeUndefined();
      expect(appendIdOf({} as ResolvedEvent)).toBeUndefined();
    });

    it('refuses metadata keys the store reserves, so nothing is lost on the way back', () => {
      expect(() => encodeMetadata(newEvent({ metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'd', $occurredAt: 'x' } }))).toThrow(/\$occurredAt/);
      expect(() => encodeMetadata(newEvent({ metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'd', $appendId: 'x' } }))).toThrow(/\$appendId/);
    });

    it('refuses to read an event without the ledger envelope, or one that is not JSON', () => {
      expect(() => decodeMetadata({ actor: 'a' }, 'event x')).toThrow(/envelope/);
      expect(() => decodeMetadata(undefined)).toThrow(/envelope/);
      const foreign = resolvedAsSent(jsonEvent({ type: 'Foreign', data: { a: 1 } }), { streamId: 'partner-1', revision: 0n, commit: 1n });
      expect(() => toRecordedEvent(foreign)).toThrow(/envelope/);
      const binary = { event: { ...resolvedAsSent(toEventData(newEvent()), { streamId: 'partner-1', revision: 0n, commit: 1n }).event!, isJson: false, data: new Uint8Array([1]) } } as ResolvedEvent;
      expect(() => toRecordedEvent(binary)).toThrow(/JSON/);
      expect(() => toRecordedEvent({} as ResolvedEvent)).toThrow(/link/);
    });
  });

  describe('which events are the ledger', () => {
    const at = (streamId: string, type = 'PartnerRegistered', isJson = true): AllStreamResolvedEvent =>
      ({ event: { ...resolvedAsSent(toEventData(newEvent({ type })), { streamId, revision: 0n, commit: 1n }).event!, isJson } }) as AllStreamResolvedEvent;

    it('keeps events of ledger streams only', () => {
      for (const prefix of STREAM_PREFIXES) expect(isLedgerEvent(at(`${prefix}x`), STREAM_PREFIXES)).toBe(true);
      expect(isLedgerEvent(at('$stats-127.0.0.1:2113', '$statsCollected'), STREAM_PREFIXES)).toBe(false);
      expect(isLedgerEvent(at('$$partner-1', '$metadata'), STREAM_PREFIXES)).toBe(false);
      expect(isLedgerEvent(at('partner-1', '$metadata'), STREAM_PREFIXES)).toBe(false);
      expect(isLedgerEvent(at('orders-1'), STREAM_PREFIXES)).toBe(false);
      expect(isLedgerEvent(at('partner-1', 'PartnerRegistered', false), STREAM_PREFIXES)).toBe(false);
      expect(isLedgerEvent({ commitPosition: 5n }, STREAM_PREFIXES)).toBe(false);
      expect(isLedgerStream('$partner-1', STREAM_PREFIXES)).toBe(false);
    });

    it('knows no stream names of its own: the ledger streams are those of the prefixes it is told', () => {
      expect(isLedgerStream('orders-1', ['orders-'])).toBe(true);
      expect(isLedgerStream('partner-1', ['orders-'])).toBe(false);
      expect(checkedStreamPrefixes(STREAM_PREFIXES)).toEqual([...STREAM_PREFIXES]);
      expect(() => checkedStreamPrefixes([])).toThrow(/at least one/);
      expect(() => checkedStreamPrefixes(['partner-', ''])).toThrow(/not a ledger stream prefix/);
      expect(() => checkedStreamPrefixes(['$ce-'])).toThrow(/not a ledger stream prefix/);
    });

    it('asks the server to filter $all by the ledger stream prefixes', () => {
      const filter = ledgerStreamFilter(STREAM_PREFIXES);
      expect(filter.filterOn).toBe('streamName');
      expect(filter.prefixes).toEqual([...STREAM_PREFIXES]);
      expect(filter.checkpointInterval).toBeGreaterThan(0);
    });
  });

  describe('errors', () => {
    it('turns the client unavailability errors into EventStoreUnavailableError, keeping the cause', () => {
      for (const cause of [
        new UnavailableError(undefined, 'No connection established'),
        new DeadlineExceededError(),
        convertToCommandError(serviceError(14, 'Connection dropped', {})),
        new Error('Failed to discover after 10 attempts.'),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2113'), { code: 'ECONNREFUSED' }),
      ]) {
        const translated = translateError(cause, 'appending to partner-1');
        expect(translated).toBeInstanceOf(EventStoreUnavailableError);
        expect((translated as Error).message).toMatch(/appending to partner-1/);
        expect((translated as Error & { cause: unknown }).cause).toBe(cause);
      }
    });

    it('passes refusals through unchanged', () => {
      const denied = new AccessDeniedError();
      expect(translateError(denied, 'reading $all')).toBe(denied);
      const conflict = new WrongExpectedVersionError(undefined, { streamName: 'p', expected: 0n, current: 1n });
      expect(translateError(conflict, 'x')).toBe(conflict);
      const bug = new TypeError('boom');
      expect(translateError(bug, 'x')).toBe(bug);
      expect(isUnavailable(new RangeError('no'))).toBe(false);
    });

    it('recognises not-leader and stream-not-found answers', () => {
      const notLeader = convertToCommandError(
        serviceError(5, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': '10.0.0.2', 'leader-endpoint-port': '2113' }),
      );
      expect(notLeader).toBeInstanceOf(NotLeaderError);
      expect(isNotLeader(notLeader)).toBe(true);
      expect(isUnavailable(notLeader)).toBe(true);
      expect(isNotLeader(new UnavailableError())).toBe(false);
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'partner-1'))).toBe(true);
      expect(isStreamNotFound(new UnavailableError())).toBe(false);
    });
  });
});
