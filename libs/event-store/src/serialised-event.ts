import { EventMetadata, RecordedEvent } from './event-store.port';

/** A recorded event as it leaves the ledger (JSON, read models): positions as decimal strings. */
export interface SerialisedEvent {
  [field: string]: unknown;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: string;
  position: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export function serialiseEvent(event: RecordedEvent): SerialisedEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  };
}
