/** Something the ledger needs in order to serve; health/ready asks each one. */
export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when reachable; rejects (or times out) when not. */
  check(): Promise<void>;
}

/** Optional probe for the message broker, provided when Kafka is configured. */
export const BROKER_READINESS = Symbol('BROKER_READINESS');
