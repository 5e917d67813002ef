import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { CommandContext } from './command-context';

/** Namespace of the ids derived from idempotency keys (a fixed, random UUID). */
const LEDGER_NAMESPACE = '6f1c3f0e-7a51-4d0e-9a3c-2f8d5b4e9c17';

/**
 * Ids for one command. With an idempotency key every id is derived from it (UUID v5), so a
 * retried command produces the very same events and the event store records them once;
 * without one, ids are random.
 */
export class CommandIds {
  /** Derived once each: the idempotency check and the append ask for the same ids. */
  private readonly derived = new Map<string, string>();

  constructor(private readonly command: string, private readonly context: CommandContext) {}

  /** The id of the n-th event this command appends to a stream. */
  eventId(streamId: string, n: number): string {
    return this.derive(`event:${streamId}:${n}`);
  }

  /** An id the client left out (partnerId, leadId, incentiveId). */
  entityId(kind: string): string {
    return this.derive(`entity:${kind}`);
  }

  private derive(name: string): string {
    const key = this.context.idempotencyKey;
    if (key === undefined) return randomUUID();
    let id = this.derived.get(name);
    if (id === undefined) this.derived.set(name, (id = uuidv5(`${this.command}\u0000${key}\u0000${name}`, LEDGER_NAMESPACE)));
    return id;
  }
}
