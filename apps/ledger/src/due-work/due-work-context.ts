import { CommandContext } from '../write/command-context';

/**
 * Who records due work: the ledger itself. The idempotency key names the work and the round
 * (its asOf), so that a round run again, by this instance or by the one that took the lease
 * over, derives the same event ids and records nothing twice.
 */
export function dueWorkContext(work: string, asOf: string): CommandContext {
  const key = `due-work:${work}:${asOf}`;
  return { actor: 'ledger', source: 'due-work', correlationId: key, causationId: key, idempotencyKey: key, receivedAt: asOf };
}
