/**
 * What the adapter makes of what it reads: each function takes one page the client returned
 * (or the events read back after an append) and says what it holds for the question asked and
 * where the next page starts, if one is needed. The adapter does the reads and loops; these
 * decide. No I/O here, so all of it is unit-tested without a server (reading.spec.ts).
 */
import { AllStreamResolvedEvent, Position, ResolvedEvent } from '@eventstore/db-client';
import { AppendResult, NewEvent, RecordedEvent } from '../event-store.port';
import { priorAppendResult, recognisePriorAppend } from '../idempotent-append';
import { appendIdOf, comparePositions, isLedgerEvent, rawPositionOf, toRecordedEvent } from './translation';

// ---------------------------------------------------------------------------------------------
// readAll: $all forwards, ledger events only

export interface ForwardPageStep {
  /** The ledger events of the page that readAll keeps, in position order. */
  events: RecordedEvent[];
  /** The newest log position seen so far (including this page's events of other streams). */
  last: Position | undefined;
  /** Where the next page starts; undefined when readAll is done (enough events, or the end of $all). */
  next: Position | undefined;
}

/**
 * One page of $all read forwards, for readAll: keeps ledger events strictly after `after`, at
 * most `want` of them (ledger events: in a stream with one of `prefixes`). A forward read includes the event at its start, so anything at or
 * before `last` (the newest position of the pages before) is skipped. A full page whose events
 * are all foreign asks for the next page, so readAll always reads in bounded pages.
 */
export function forwardPage(
  page: readonly AllStreamResolvedEvent[],
  { after, want, pageSize, last, prefixes }: { after: bigint | undefined; want: number; pageSize: number; last: Position | undefined; prefixes: readonly string[] },
): ForwardPageStep {
  const events: RecordedEvent[] = [];
  let newest = last;
  for (const resolved of page) {
    const raw = rawPositionOf(resolved);
    if (!raw) continue;
    if (newest && comparePositions(raw, newest) <= 0) continue; // forward reads include their start
    newest = raw;
    if (!isLedgerEvent(resolved, prefixes)) continue;
    if (after !== undefined && raw.commit <= after) continue; // `after` is exclusive
    events.push(toRecordedEvent(resolved));
    if (events.length >= want) return { events, last: newest, next: undefined };
  }
  const next = page.length < pageSize || !newest ? undefined : newest;
  return { events, last: newest, next };
}

// ---------------------------------------------------------------------------------------------
// headPosition: $all backwards, up to the newest ledger event

/**
 * One page of $all read backwards from `before` (exclusive; undefined: the end), for
 * headPosition: the newest ledger event's position if the page holds one, else where the next
 * page starts, else (the start of $all reached) 0n.
 */
export function backwardPage(
  page: readonly AllStreamResolvedEvent[],
  { before, pageSize, prefixes }: { before: Position | undefined; pageSize: number; prefixes: readonly string[] },
): { head: bigint } | { next: Position } {
  let oldest: Position | undefined;
  for (const resolved of page) {
    const raw = rawPositionOf(resolved);
    if (!raw) continue;
    if (before && comparePositions(raw, before) >= 0) continue; // backward reads include their start
    if (isLedgerEvent(resolved, prefixes)) return { head: raw.commit };
    oldest = raw;
  }
  return page.length < pageSize || !oldest ? { head: 0n } : { next: oldest };
}

// ---------------------------------------------------------------------------------------------
// Appends: finding their events in the stream, and what they mean

/**
 * One page of a stream read backwards, looking for the events of an append: those whose ids
 * are wanted, in revision order, and the revision the next (older) page starts from;
 * undefined when the page was the stream's first (or short: nothing older).
 */
export function streamPageBackwards(
  page: readonly ResolvedEvent[],
  { wanted, requested }: { wanted: ReadonlySet<string>; requested: number },
): { found: ResolvedEvent[]; next: bigint | undefined } {
  const found = page.filter((resolved) => resolved.event !== undefined && wanted.has(resolved.event.id)).reverse();
  const oldest = page[page.length - 1]?.event?.revision;
  const next = page.length < requested || oldest === undefined || BigInt(oldest) <= 0n ? undefined : BigInt(oldest) - 1n;
  return { found, next };
}

/**
 * What an append is, given the events found in its stream under its ids (any order):
 * - none found: not recorded (null);
 * - found as exactly this append (in this stream, in order, consecutively; else
 *   recognisePriorAppend throws EventIdConflictError), written by this very call (`appendId`):
 *   a fresh append;
 * - found so, but written by an earlier call (another appendId, or none): a duplicate, answered
 *   with what was recorded the first time.
 */
export function appendOutcome(streamId: string, events: NewEvent[], found: readonly ResolvedEvent[], appendId: string): AppendResult | null {
  const prior = recognisePriorAppend(streamId, events, found.map(toRecordedEvent));
  if (!prior) return null;
  const byId = new Map(found.map((resolved) => [resolved.event!.id, resolved]));
  const ours = events.every((e) => appendIdOf(byId.get(e.eventId)!) === appendId);
  if (!ours) return priorAppendResult(streamId, prior);
  const last = prior[prior.length - 1]!;
  return { streamId, revision: last.revision, position: last.position, events: prior, duplicate: false };
}
