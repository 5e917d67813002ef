/**
 * A batch of facts in the Kafka message format (docs/messages/), whatever brought them: the
 * activity consumer's fetched batch, or lines of an import file. The same schemas and the
 * same derived ids either way, so a fact recorded by one is already recorded for the other.
 */
export interface FactMessage {
  /** The Kafka key (the partnerId); facts sharing a key are decided in the order given. */
  key?: Buffer | string | null;
  /** The message value: the JSON of one activity message. */
  value: Buffer | string | null;
  /** Header values as Kafka delivers them decoded; `x-correlation-id` is read as the Kafka path reads it. */
  headers?: Record<string, string>;
}

/**
 * What became of one fact, in the order given:
 * - `recorded`: its events are in the ledger now;
 * - `already-recorded`: its id was recorded before (or earlier in this batch): no second effect;
 * - `refused`: the same code and reason the dead-letter topic carries (malformed, invalid, a rule);
 * - `retry`: not recorded for now (a store is unavailable); nothing after it that shares its
 *   partner, lead or customer project was decided either, so offering them again keeps their order.
 */
export type FactOutcome =
  | { status: 'recorded' | 'already-recorded'; position?: string; eventIds?: string[] }
  | { status: 'refused'; statusCode: number; code: string; message: string; details?: Record<string, unknown> }
  | { status: 'retry'; statusCode: number; code: string; message: string };

export interface RecordFactsOptions {
  /** Ledger time of receipt (the default business time is the message's own occurredAt). Default: now. */
  receivedAt?: string;
  /**
   * How many times the first of these facts has been offered (1 the first time; the facts
   * after it are taken as new: a retry starts again from the first fact not recorded). That
   * fact, failing unexpectedly (a bug, not a refusal or a store that is down), is refused as
   * INTERNAL_ERROR from UNEXPECTED_FAILURE_ATTEMPTS on, so that one poison fact cannot hold
   * its partition or import forever.
   */
  attempt?: number;
  /** Where the facts come from, for log lines (e.g. "partner-activity/3@1200"). */
  origin?: (index: number) => string;
}
