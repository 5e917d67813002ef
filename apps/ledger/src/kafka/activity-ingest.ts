import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEAD_LETTER_HEADERS } from '../contracts/kafka-dead-letter';
import { Failure } from '../errors/failure';
import { FactBatches, FactOutcome } from '../fact-batches';
import { Disposition, InboundMessage, LEDGER_BROKER, LedgerBroker } from './broker.port';
import { KAFKA_CONFIG, KafkaConfig } from './kafka-config';

export type Outcome =
  | { kind: 'recorded'; fact: FactOutcome }
  | { kind: 'dead-lettered'; failure: Failure }
  | { kind: 'retry'; failure: Failure };

const MAX_HEADER_CHARS = 1000;
const clip = (text: string) => (text.length > MAX_HEADER_CHARS ? `${text.slice(0, MAX_HEADER_CHARS - 1)}…` : text);
const where = (message: InboundMessage) => `${message.topic}/${message.partition}@${message.offset}`;

/**
 * Decides what becomes of a fetched batch of activity messages (FactBatches: the same
 * commands and validation as the HTTP path, decided together), and for each message exactly
 * one of
 * - recorded (or already recorded: same id, no second effect) → its offset may be committed;
 * - refused (malformed, unknown type, invalid, a rule or a missing partner/lead) → produced
 *   to the dead-letter topic with the reason in headers (the batch's refusals in one
 *   produce), then committed;
 * - transient (a store is unavailable, or the dead-letter topic cannot be written) → retry,
 *   nothing committed from there on and nothing after it dead-lettered (a refusal after it
 *   is decided again when the partition is offered again, so it is dead-lettered once).
 * It never throws: a throw is how a Kafka consumer ends up retrying one message forever.
 */
@Injectable()
export class ActivityIngest {
  private readonly logger = new Logger('KafkaIngest');

  constructor(
    private readonly batches: FactBatches,
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
  ) {}

  /** The broker-facing handler. */
  readonly handleBatch = async (messages: InboundMessage[]): Promise<Disposition[]> => (await this.processBatch(messages)).map((o) => o.kind);

  /** One message as a batch of one. */
  readonly handle = async (message: InboundMessage): Promise<Disposition> => (await this.process(message)).kind;

  async process(message: InboundMessage): Promise<Outcome> {
    return (await this.processBatch([message]))[0]!;
  }

  async processBatch(messages: InboundMessage[]): Promise<Outcome[]> {
    if (messages.length === 0) return [];
    let facts: FactOutcome[];
    try {
      facts = await this.batches.recordFacts(
        messages.map(({ key, value, headers }) => ({ key, value, headers })),
        { attempt: messages[0]!.attempt, origin: (index) => where(messages[index]!) },
      );
    } catch (error) {
      this.logger.error(`batch from ${where(messages[0]!)} failed unexpectedly, will retry`, (error as Error)?.stack);
      const failure: Failure = { statusCode: 500, code: 'INTERNAL_ERROR', message: String(error), transient: true };
      return messages.map(() => ({ kind: 'retry', failure }));
    }

    const held = facts.findIndex((fact) => fact.status === 'retry');
    const outcomes: Outcome[] = facts.map((fact, index) => {
      if (!('code' in fact)) return { kind: 'recorded', fact }; // recorded, or already recorded
      const failure: Failure = {
        statusCode: fact.statusCode, code: fact.code, message: fact.message, transient: fact.status === 'retry', ...('details' in fact && fact.details ? { details: fact.details } : {}),
      };
      // After a message left for later, nothing is dead-lettered: it is all offered again.
      return fact.status === 'retry' || (held >= 0 && index > held) ? { kind: 'retry', failure } : { kind: 'dead-lettered', failure };
    });
    await this.deadLetter(messages, outcomes);
    return outcomes;
  }

  /** Produces the refused messages (one request); if that fails, they are retried instead. */
  private async deadLetter(messages: InboundMessage[], outcomes: Outcome[]): Promise<void> {
    const refused = outcomes.flatMap((outcome, index) => (outcome.kind === 'dead-lettered' ? [{ index, failure: outcome.failure }] : []));
    if (refused.length === 0) return;
    const deadLetteredAt = new Date().toISOString();
    try {
      await this.broker.publish(
        this.config.deadLetterTopic,
        refused.map(({ index, failure }) => {
          const message = messages[index]!;
          return { key: message.key, value: message.value, headers: this.deadLetterHeaders(message, failure, deadLetteredAt) };
        }),
      );
    } catch (error) {
      this.logger.warn(`could not dead-letter ${refused.length} message(s) from ${where(messages[refused[0]!.index]!)}, will retry: ${String(error)}`);
      const failure: Failure = { statusCode: 503, code: 'DEAD_LETTER_UNAVAILABLE', message: String(error), transient: true };
      for (const { index } of refused) outcomes[index] = { kind: 'retry', failure };
      return;
    }
    for (const { index, failure } of refused) this.logger.warn(`dead-lettered ${where(messages[index]!)}: ${failure.code} ${failure.message}`);
  }

  private deadLetterHeaders(message: InboundMessage, failure: Failure, deadLetteredAt: string): Record<string, string> {
    const headers: Record<string, string> = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.errorCode]: failure.code,
      [DEAD_LETTER_HEADERS.errorMessage]: clip(failure.message),
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: deadLetteredAt,
    };
    if (failure.details) headers[DEAD_LETTER_HEADERS.errorDetails] = clip(JSON.stringify(failure.details));
    else delete headers[DEAD_LETTER_HEADERS.errorDetails];
    return headers;
  }
}
