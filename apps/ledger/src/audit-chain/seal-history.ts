import { chainValue, isLegacyEvent } from '@ledger/audit';
import { HISTORY_SEALED, HistorySealed, isHistorySealed, SCHEMA_VERSION } from '@ledger/domain';
import { EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { ledgerEvents, streamEvents } from './event-walks';

/** Namespace of the ids of HistorySealed events: one id per stream, so sealing twice records once. */
const SEALING_NAMESPACE = '0d3f5a8e-6c1b-4e2a-9f47-8b2c1d5e7a90';
/** How many times a seal is tried again when a running ledger appended to the stream meanwhile. */
const ATTEMPTS = 10;

export const historySealedEventId = (streamId: string) => uuidv5(streamId, SEALING_NAMESPACE);

export interface SealReport {
  /** Streams that got their HistorySealed now. */
  streamsSealed: number;
  /** Streams with unhashed events that were sealed before. */
  alreadySealed: number;
  /** Unhashed events covered by the seals recorded now. */
  eventsCovered: number;
}

/** What sealing a stream records, from its events in revision order; null when it needs no seal. */
export function sealOf(events: readonly RecordedEvent[]): HistorySealed['data'] | null | 'sealed' {
  if (events.some(isHistorySealed)) return 'sealed';
  let value: string | null = null;
  let sealed: HistorySealed['data'] | null = null;
  for (const [i, event] of events.entries()) {
    value = chainValue(event, value);
    if (isLegacyEvent(event)) sealed = { sealedThroughRevision: Number(event.revision), sealedEvents: i + 1, sealedHash: value };
  }
  return sealed;
}

/**
 * Records, once, a HistorySealed in every stream holding events recorded before the chain
 * existed. Safe beside a running ledger: each seal is appended at the revision its stream was
 * read at (re-read and tried again when a command got there first), and its event id is the
 * stream's own, so a second run, or two at once, record it once.
 */
export async function sealHistory(
  store: EventStore,
  options: { now: () => string; onProgress?: (done: number, total: number) => void },
): Promise<SealReport> {
  const candidates = await streamsWithLegacyEvents(store);
  const report: SealReport = { streamsSealed: 0, alreadySealed: 0, eventsCovered: 0 };
  for (const [done, streamId] of candidates.entries()) {
    const outcome = await sealStream(store, streamId, options.now);
    if (outcome === 'sealed') report.alreadySealed++;
    else if (outcome !== null) {
      report.streamsSealed++;
      report.eventsCovered += outcome.sealedEvents;
    }
    options.onProgress?.(done + 1, candidates.length);
  }
  return report;
}

/** The streams that hold an event without a hash, in the order of their first such event. */
async function streamsWithLegacyEvents(store: EventStore): Promise<string[]> {
  const found = new Set<string>();
  for await (const event of ledgerEvents(store)) if (isLegacyEvent(event)) found.add(event.streamId);
  return [...found];
}

async function sealStream(store: EventStore, streamId: string, now: () => string): Promise<HistorySealed['data'] | 'sealed' | null> {
  for (let attempt = 1; ; attempt++) {
    const events: RecordedEvent[] = [];
    for await (const event of streamEvents(store, streamId)) events.push(event);
    const seal = sealOf(events);
    if (seal === null || seal === 'sealed') return seal;
    try {
      const result = await store.append(streamId, [sealEvent(streamId, seal, now())], events[events.length - 1]!.revision);
      return result.duplicate ? 'sealed' : seal;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function sealEvent(streamId: string, data: HistorySealed['data'], now: string): NewEvent {
  const id = randomUUID();
  return {
    eventId: historySealedEventId(streamId),
    type: HISTORY_SEALED,
    schemaVersion: SCHEMA_VERSION,
    occurredAt: now,
    data,
    metadata: { actor: 'cli', source: 'cli', correlationId: id, causationId: id },
  };
}
