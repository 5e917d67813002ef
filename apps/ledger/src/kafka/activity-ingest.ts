import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DEAD_LETTER_HEADERS } from '../contracts/kafka-dead-letter';
import { describeFailure, Failure } from '../errors/failure';
import { CommandResult } from '../write/command-result';
import { CORRELATION_HEADER, correlationIdProblem, parseActivityMessage, toCommand } from './activity-translation';
import { Disposition, InboundMessage, LEDGER_BROKER, LedgerBroker } from './broker.port';
import { KAFKA_CONFIG, KafkaConfig, UNEXPECTED_FAILURE_ATTEMPTS } from './kafka-config';

export type Outcome =
  | { kind: 'recorded'; result: CommandResult }
  | { kind: 'dead-lettered'; failure: Failure }
  | { kind: 'retry'; failure: Failure };

const MAX_HEADER_CHARS = 1000;
const clip = (text: string) => (text.length > MAX_HEADER_CHARS ? `${text.slice(0, MAX_HEADER_CHARS - 1)}…` : text);

/**
 * Decides what becomes of one activity message: the same commands and validation as the
 * HTTP path, and for each message exactly one of
 * - recorded (or already recorded: same id, no second effect) → its offset may be committed;
 * - refused (malformed, unknown type, invalid, a rule or a missing partner/lead) → produced
 *   to the dead-letter topic with the reason in headers, then committed;
 * - transient (a store is unavailable, or the dead-letter topic cannot be written) → retry,
 *   nothing committed and nothing dead-lettered.
 * It never throws: a throw is how a Kafka consumer ends up retrying one message forever.
 */
@Injectable()
export class ActivityIngest {
  private readonly logger = new Logger('KafkaIngest');

  constructor(
    private readonly commands: CommandBus,
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
  ) {}

  /** The broker-facing handler. */
  readonly handle = async (message: InboundMessage): Promise<Disposition> => (await this.process(message)).kind;

  async process(message: InboundMessage): Promise<Outcome> {
    const where = `${message.topic}/${message.partition}@${message.offset}`;
    const parsed = parseActivityMessage(message.value);
    if (!parsed.ok) return this.deadLetter(message, parsed.failure);
    const correlationProblem = correlationIdProblem(message.headers[CORRELATION_HEADER]);
    if (correlationProblem !== undefined) {
      // Debug: the message is recorded all the same. The value is not logged (it may be anything).
      this.logger.debug(
        `${where} (${parsed.message.type} ${parsed.message.id}): header ${CORRELATION_HEADER} ignored, ${correlationProblem} ` +
          `(1-200 visible ASCII characters); the message id is the correlation id`,
      );
    }

    try {
      const command = toCommand(parsed.message, { receivedAt: new Date().toISOString(), headers: message.headers });
      const result = await this.commands.execute<typeof command, CommandResult>(command);
      return { kind: 'recorded', result };
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure.transient) return this.deadLetter(message, failure);
      if (failure.code === 'INTERNAL_ERROR') {
        this.logger.error(`${where} (${parsed.message.type} ${parsed.message.id}) failed unexpectedly, attempt ${message.attempt}`, (error as Error)?.stack);
        if (message.attempt >= UNEXPECTED_FAILURE_ATTEMPTS) return this.deadLetter(message, failure);
      } else {
        this.logger.warn(`${where} not recorded for now (${failure.code}: ${failure.message}); will retry`);
      }
      return { kind: 'retry', failure };
    }
  }

  private async deadLetter(message: InboundMessage, failure: Failure): Promise<Outcome> {
    const headers: Record<string, string> = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.errorCode]: failure.code,
      [DEAD_LETTER_HEADERS.errorMessage]: clip(failure.message),
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
    };
    if (failure.details) headers[DEAD_LETTER_HEADERS.errorDetails] = clip(JSON.stringify(failure.details));
    else delete headers[DEAD_LETTER_HEADERS.errorDetails];
    try {
      await this.broker.publish(this.config.deadLetterTopic, [{ key: message.key, value: message.value, headers }]);
    } catch (error) {
      this.logger.warn(`could not dead-letter ${message.topic}/${message.partition}@${message.offset}, will retry: ${String(error)}`);
      return { kind: 'retry', failure: { statusCode: 503, code: 'DEAD_LETTER_UNAVAILABLE', message: String(error), transient: true } };
    }
    this.logger.warn(`dead-lettered ${message.topic}/${message.partition}@${message.offset}: ${failure.code} ${failure.message}`);
    return { kind: 'dead-lettered', failure };
  }
}
