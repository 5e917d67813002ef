import { EventMetadata, Provenance } from '@ledger/event-store';

/**
 * Who sent a command, from where, and when the ledger received it. Set by the transport.
 * Its provenance (everything but receivedAt) is the metadata of the events it records.
 */
export interface CommandContext extends Provenance {
  /** Ledger time of receipt; the default for occurredAt. */
  receivedAt: string;
}

/** The metadata a command's events carry: its provenance, without receivedAt. */
export function eventMetadata({ actor, source, correlationId, causationId, idempotencyKey }: CommandContext): EventMetadata {
  return { actor, source, correlationId, causationId, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) };
}
