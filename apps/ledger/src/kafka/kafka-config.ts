import { LedgerConfig } from '../config/ledger-config';

/** The Kafka part of the configuration; present only when KAFKA_BROKERS is set. */
export type KafkaConfig = NonNullable<LedgerConfig['kafka']>;

export const KAFKA_CONFIG = Symbol('KAFKA_CONFIG');

/**
 * How many times a message whose failure was unexpected (INTERNAL_ERROR: a bug, not a
 * refusal, not a store known to be down) is tried before it is dead-lettered, so that one
 * poison message cannot hold its partition forever. A store that is down (STORE_UNAVAILABLE)
 * is waited for without limit: those messages are fine and must not be dead-lettered.
 */
export const UNEXPECTED_FAILURE_ATTEMPTS = 5;
