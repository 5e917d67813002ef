/** Who sent a command, from where, and when the ledger received it. Set by the transport. */
export interface CommandContext {
  /** The API key's or publishing service's name; never a value from the request body. */
  actor: string;
  /** http, kafka:<service>, cli. */
  source: string;
  correlationId: string;
  /** What caused it: the request id or Kafka message id. */
  causationId: string;
  /** Same key, same command: the original answer and no second effect. */
  idempotencyKey?: string;
  /** Ledger time of receipt; the default for occurredAt. */
  receivedAt: string;
}
