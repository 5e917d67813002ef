import { NewEvent, RecordedEvent } from './event-store.port';
import { EventIdConflictError } from './event-store.errors';

/**
 * Decides what an append means given the events already recorded under its ids:
 * - none recorded: a new append;
 * - all recorded, in this stream, in this order, consecutively: a retry, answered with
 *   what was recorded the first time;
 * - anything else: a reused id, refused.
 */
export function recognisePriorAppend(streamId: string, events: NewEvent[], recorded: RecordedEvent[]): RecordedEvent[] | null {
  if (recorded.length === 0) return null;
  const byId = new Map(recorded.map((e) => [e.eventId, e]));
  const prior = events.map((e) => byId.get(e.eventId));
  const isRetry =
    prior.every((e): e is RecordedEvent => e !== undefined && e.streamId === streamId) &&
    prior.every((e, i) => i === 0 || e.revision === prior[i - 1]!.revision + 1n);
  if (!isRetry) throw new EventIdConflictError(streamId, recorded.map((e) => e.eventId));
  return prior as RecordedEvent[];
}

export function priorAppendResult(streamId: string, prior: RecordedEvent[]) {
  const last = prior[prior.length - 1]!;
  return { streamId, revision: last.revision, position: last.position, events: prior, duplicate: true };
}
