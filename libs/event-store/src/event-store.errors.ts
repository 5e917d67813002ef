import { ExpectedRevision } from './event-store.port';

/** The stream was not at the revision the writer decided against: re-read and decide again. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at ${String(actual)}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some of the event ids were already recorded, but not as this exact append: a reused id. */
export class EventIdConflictError extends Error {
  constructor(readonly streamId: string, readonly eventIds: string[]) {
    super(`event ids already recorded elsewhere or in another order: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}

/** The store could not be reached or failed: a transient failure, worth retrying later. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
