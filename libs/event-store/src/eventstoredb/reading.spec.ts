import { AllStreamResolvedEvent, jsonEvent } from '@eventstore/db-client';
import { STREAM_PREFIXES as prefixes } from '@ledger/domain';
import { NewEvent } from '../event-store.port';
import { EventIdConflictError } from '../event-store.errors';
import { appendOutcome, backwardPage, forwardPage, streamPageBackwards } from './reading';
import { toEventData } from './translation';
import { resolvedAsSent } from './testing/resolved-event';

let counter = 0;
const newEvent = (n = 0): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  type: 'PartnerRegistered',
  schemaVersion: 1,
  occurredAt: '2026-03-14T09:30:00.000Z',
  data: { n },
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'd' },
});

const ledger = (commit: bigint | number | undefined, streamId = 'partner-1', n = 0) => resolvedAsSent(toEventData(newEvent(n)), { streamId, commit });
const foreign = (commit: bigint, streamId = 'orders-1') => resolvedAsSent(jsonEvent({ type: 'OrderPlaced', data: {} }), { streamId, commit });
const system = (commit: bigint) => resolvedAsSent(jsonEvent({ type: '$statsCollected', data: {} }), { streamId: '$stats-127.0.0.1:2113', commit });
const position = (commit: bigint) => ({ commit, prepare: commit });

describe('EventStoreDB reading', () => {
  describe('readAll: a page of $all forwards', () => {
    it('keeps the ledger events only, in order, with bigint positions', () => {
      const page = [ledger(10n, 'partner-1'), foreign(20n), system(30n), ledger(40n, 'lead-1'), ledger(50, 'opportunity-1')];
      const step = forwardPage(page, { after: undefined, want: 100, pageSize: 100, last: undefined, prefixes });
      expect(step.events.map((e) => [e.streamId, e.position])).toEqual([['partner-1', 10n], ['lead-1', 40n], ['opportunity-1', 50n]]);
      expect(step.next).toBeUndefined(); // a short page: the end of $all
      expect(step.last).toEqual(position(50n));
    });

    it('reads strictly after `after`, and skips the start a forward read repeats', () => {
      const step = forwardPage([ledger(10n), ledger(20n), ledger(30n)], { after: 10n, want: 100, pageSize: 100, last: position(20n), prefixes });
      expect(step.events.map((e) => e.position)).toEqual([30n]);
      const fromStart = forwardPage([ledger(10n), ledger(20n)], { after: 10n, want: 100, pageSize: 100, last: undefined, prefixes });
      expect(fromStart.events.map((e) => e.position)).toEqual([20n]);
    });

    it('stops as soon as it has as many as wanted', () => {
      const step = forwardPage([ledger(10n), ledger(20n), ledger(30n)], { after: undefined, want: 2, pageSize: 3, last: undefined, prefixes });
      expect(step.events.map((e) => e.position)).toEqual([10n, 20n]);
      expect(step.next).toBeUndefined();
    });

    it('asks for the next page after a full page of other events, from the last one it saw', () => {
      const full = [foreign(10n), system(20n), foreign(30n)];
      const first = forwardPage(full, { after: undefined, want: 5, pageSize: 3, last: undefined, prefixes });
      expect(first.events).toEqual([]);
      expect(first.next).toEqual(position(30n));
      // The next page starts at that event again; only what follows it is new.
      const second = forwardPage([foreign(30n), ledger(40n), ledger(50n)], { after: undefined, want: 5, pageSize: 3, last: first.last, prefixes });
      expect(second.events.map((e) => e.position)).toEqual([40n, 50n]);
      expect(second.next).toEqual(position(50n));
      expect(forwardPage([], { after: undefined, want: 5, pageSize: 3, last: second.last, prefixes }).next).toBeUndefined();
    });

    it('passes over events without a position (links to deleted events)', () => {
      const link = { link: ledger(1n).event } as unknown as AllStreamResolvedEvent;
      const step = forwardPage([link, ledger(undefined), ledger(7n)], { after: undefined, want: 5, pageSize: 5, last: undefined, prefixes });
      expect(step.events.map((e) => e.position)).toEqual([7n]);
    });
  });

  describe('headPosition: a page of $all backwards', () => {
    it('answers the newest ledger event, whatever was written after it', () => {
      expect(backwardPage([system(90n), foreign(80n), ledger(70n), ledger(60n)], { before: undefined, pageSize: 4, prefixes })).toEqual({ head: 70n });
    });

    it('skips the start a backward read repeats', () => {
      expect(backwardPage([ledger(70n), ledger(60n)], { before: position(70n), pageSize: 2, prefixes })).toEqual({ head: 60n });
    });

    it('asks for the next page after a full page of other events, and answers 0 at the start of $all', () => {
      expect(backwardPage([foreign(90n), system(80n)], { before: undefined, pageSize: 2, prefixes })).toEqual({ next: position(80n) });
      expect(backwardPage([foreign(70n)], { before: position(80n), pageSize: 2, prefixes })).toEqual({ head: 0n });
      expect(backwardPage([], { before: undefined, pageSize: 2, prefixes })).toEqual({ head: 0n });
    });
  });

  describe('appends: their events in the stream', () => {
    const inStream = (events: NewEvent[], appendId: string | undefined, first: bigint, streamId = 'partner-a') =>
      events.map((e, i) => resolvedAsSent(toEventData(e, appendId), { streamId, revision: first + BigInt(i), commit: 1000n + first + BigInt(i) }));

    it('finds the wanted ids in a page read backwards, in revision order, and says where the older page starts', () => {
      const [a, b, c, d] = [newEvent(1), newEvent(2), newEvent(3), newEvent(4)];
      const page = inStream([a!, b!, c!, d!], 'x', 5n).reverse(); // revisions 8, 7, 6, 5
      const step = streamPageBackwards(page, { wanted: new Set([b!.eventId, c!.eventId]), requested: 4 });
      expect(step.found.map((e) => e.event!.revision)).toEqual([6n, 7n]);
      expect(step.next).toBe(4n);
      expect(streamPageBackwards(page, { wanted: new Set(), requested: 5 }).next).toBeUndefined(); // short: the stream's start
      expect(streamPageBackwards(inStream([a!], 'x', 0n), { wanted: new Set(), requested: 1 }).next).toBeUndefined(); // revision 0
      expect(streamPageBackwards([], { wanted: new Set([a!.eventId]), requested: 1 })).toEqual({ found: [], next: undefined });
    });

    it('knows nothing of an append none of whose ids is recorded', () => {
      expect(appendOutcome('partner-a', [newEvent()], [], 'mine')).toBeNull();
    });

    it('answers an append written by this call as fresh', () => {
      const events = [newEvent(1), newEvent(2)];
      const outcome = appendOutcome('partner-a', events, inStream(events, 'mine', 3n), 'mine');
      expect(outcome).toMatchObject({ streamId: 'partner-a', revision: 4n, position: 1004n, duplicate: false });
      expect(outcome!.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(outcome!.events[0]!.metadata).toEqual(events[0]!.metadata);
    });

    it('answers a retry the server recognised as a duplicate, with what was recorded the first time', () => {
      const events = [newEvent(1), newEvent(2)];
      const first = inStream(events, 'first-call', 0n);
      expect(appendOutcome('partner-a', events, first, 'retry')).toMatchObject({ revision: 1n, position: 1001n, duplicate: true });
      // Events written before appends were marked are earlier appends too.
      expect(appendOutcome('partner-a', events, inStream(events, undefined, 0n), 'retry')).toMatchObject({ duplicate: true });
    });

    it('refuses ids recorded in this stream but not as this exact append', () => {
      const [a, b, c] = [newEvent(1), newEvent(2), newEvent(3)];
      const recorded = inStream([a!, b!], 'first-call', 0n);
      // one recorded id among new ones
      expect(() => appendOutcome('partner-a', [c!, b!], [recorded[1]!], 'retry')).toThrow(EventIdConflictError);
      // recorded ids in another order
      expect(() => appendOutcome('partner-a', [b!, a!], recorded, 'retry')).toThrow(EventIdConflictError);
      // recorded, but not consecutively
      const apart = [recorded[0]!, resolvedAsSent(toEventData(b!, 'first-call'), { streamId: 'partner-a', revision: 2n, commit: 1002n })];
      expect(() => appendOutcome('partner-a', [a!, b!], apart, 'retry')).toThrow(EventIdConflictError);
      const refused = (() => {
        try {
          appendOutcome('partner-a', [c!, b!], [recorded[1]!], 'retry');
        } catch (error) {
          return error as EventIdConflictError;
        }
      })();
      expect(refused!.eventIds).toEqual([b!.eventId]);
    });
  });
});
