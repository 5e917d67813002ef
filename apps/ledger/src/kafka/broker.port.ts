/**
 * The ledger's own view of a message broker: just what the activity consumer and the relay
 * need. Only kafkajs/ knows kafkajs (in maintenance mode; a faster client such as
 * @confluentinc/kafka-javascript or @platformatic/kafka can replace it behind this port).
 */

export interface InboundMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string the client gives. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values decoded as UTF-8 (the last one when a header repeats). */
  headers: Record<string, string>;
  /** 1 the first time this process offers the message, then 2, 3... while it is retried. */
  attempt: number;
}

export interface OutboundMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string>;
}

/**
 * What the handler decided about one message:
 * - `recorded`: its effect is in the ledger, and would not happen twice if it came again;
 *   its offset may be committed together with the next ones.
 * - `dead-lettered`: copied to the dead-letter topic; committed at once, since a redelivery
 *   would dead-letter it a second time.
 * - `retry`: not now (a store is down); do not commit, offer it again after a pause. The
 *   partition waits behind it, so that one partner's facts are never reordered.
 */
export type Disposition = 'recorded' | 'dead-lettered' | 'retry';

/**
 * Decides a fetched batch of one partition at once: one disposition per message, in order.
 * The adapter commits up to the first `retry` and offers the partition again from there.
 */
export type BatchHandler = (messages: InboundMessage[]) => Promise<Disposition[]>;

export interface ConsumeOptions {
  topic: string;
  groupId: string;
}

export interface RunningConsumer {
  /** Finishes the batches in hand (and commits them), then leaves the group. */
  stop(): Promise<void>;
}

export interface LedgerBroker {
  /** Creates the topics that do not exist yet (broker defaults for partitions/replicas). */
  ensureTopics(topics: string[]): Promise<void>;
  /** Resolves once the broker has acknowledged every message (all in-sync replicas). */
  publish(topic: string, messages: OutboundMessage[]): Promise<void>;
  /**
   * Joins the group and hands each fetched batch of a partition to `handler`, in offset
   * order (batches of different partitions may be in hand at once); an offset is committed
   * only once the handler has answered `recorded` or `dead-lettered` for it and for every
   * message before it. A group new to the topic starts from the earliest message.
   */
  consume(options: ConsumeOptions, handler: BatchHandler): Promise<RunningConsumer>;
  close(): Promise<void>;
}

export const LEDGER_BROKER = Symbol('LEDGER_BROKER');
