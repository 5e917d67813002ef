import { Logger } from '@nestjs/common';
import { STREAM_PREFIXES } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EventStoreDbEventStore } from '@ledger/event-store/eventstoredb';

/**
 * The event store on EventStoreDB, told the domain's stream prefixes (it knows no stream names
 * of its own). Loaded by StorageModule only when EVENTSTORE_URL is set: this file is what
 * brings in @eventstore/db-client.
 */
export function openEventStoreDb(url: string): EventStore {
  return new EventStoreDbEventStore(url, {
    streamPrefixes: STREAM_PREFIXES,
    onSubscriptionDropped: (error, resumeAfter, delayMs) =>
      new Logger('EventStoreDB').warn(`subscription dropped (${String(error)}); resuming after ${String(resumeAfter ?? 'the start')} in ${delayMs} ms`),
  });
}
