import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { describeFailure, Failure } from '../errors/failure';
import { CORRELATION_HEADER, correlationIdProblem, parseActivityMessage, toCommand } from '../kafka/activity-translation';
import { UNEXPECTED_FAILURE_ATTEMPTS } from '../kafka/kafka-config';
import { CommandResult } from '../write/command-result';
import { StreamWriter } from '../write/stream-writer';
import { FactMessage, FactOutcome, RecordFactsOptions } from './fact-batch';
import { factResources, runInResourceOrder } from './fact-order';

/**
 * How many facts of a batch are decided at once. Their appends meet in the event store, which
 * commits what arrives together in one transaction (one fsync on SQLite): a thousand makes
 * an fsync per several hundred appends (a lead registration or a win appends twice, one after
 * the other), far below the command queue's limit.
 */
const DECIDED_AT_ONCE = 1024;

const asBuffer = (value: Buffer | string | null | undefined): Buffer | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
const asKey = (key: Buffer | string | null | undefined): string | undefined =>
  key === null || key === undefined ? undefined : typeof key === 'string' ? key : key.toString('utf8');

const WAITING: FactOutcome = {
  status: 'retry',
  statusCode: 503,
  code: 'EARLIER_FACT_NOT_RECORDED',
  message: 'an earlier fact of the same partner, lead or customer project was not recorded yet; this one waits for it',
};

/**
 * Records a batch of facts in the Kafka message format, exactly as the activity consumer
 * records one (same validation, same commands, same derived ids), with one outcome per fact
 * in the order given. Facts that touch the same partner, lead or customer project are decided
 * in the order given, each seeing what the earlier ones recorded; the others are decided side
 * by side, so that their appends share the event store's commits. A refusal concerns its own
 * fact only. Never throws for a fact: what cannot be recorded now is answered `retry`.
 */
@Injectable()
export class FactBatches {
  private readonly logger = new Logger('FactBatches');

  constructor(
    private readonly commands: CommandBus,
    private readonly writer: StreamWriter,
  ) {}

  async recordFacts(messages: readonly FactMessage[], options: RecordFactsOptions = {}): Promise<FactOutcome[]> {
    const receivedAt = options.receivedAt ?? new Date().toISOString();
    const attempt = options.attempt ?? 1;
    const where = (index: number) => options.origin?.(index) ?? `fact ${index + 1}`;

    const outcomes: FactOutcome[] = new Array(messages.length);
    const tasks: { index: number; resources: string[]; run: (predecessorsOk: boolean) => Promise<FactOutcome> }[] = [];
    messages.forEach((fact, index) => {
      const parsed = parseActivityMessage(asBuffer(fact.value));
      if (!parsed.ok) {
        outcomes[index] = refusal(parsed.failure);
        return;
      }
      const headers = fact.headers ?? {};
      const correlationProblem = correlationIdProblem(headers[CORRELATION_HEADER]);
      if (correlationProblem !== undefined) {
        // Debug: the fact is recorded all the same. The value is not logged (it may be anything).
        this.logger.debug(
          `${where(index)} (${parsed.message.type} ${parsed.message.id}): header ${CORRELATION_HEADER} ignored, ${correlationProblem} ` +
            `(1-200 visible ASCII characters); the message id is the correlation id`,
        );
      }
      const label = `${where(index)} (${parsed.message.type} ${parsed.message.id})`;
      tasks.push({
        index,
        resources: factResources(parsed.message, asKey(fact.key)),
        run: async (predecessorsOk) => {
          if (!predecessorsOk) return WAITING;
          const command = toCommand(parsed.message, { receivedAt, headers });
          return this.execute(command, label, index === 0 ? attempt : 1);
        },
      });
    });

    const decided = await runInResourceOrder(tasks, (outcome) => outcome.status !== 'retry', DECIDED_AT_ONCE);
    tasks.forEach((task, n) => (outcomes[task.index] = decided[n]!));
    return outcomes;
  }

  private async execute(command: ReturnType<typeof toCommand>, label: string, attempt: number): Promise<FactOutcome> {
    try {
      const { value: result, appended } = await this.writer.tracking(() => this.commands.execute<typeof command, CommandResult>(command));
      // Nothing appended and events named: every one of them was recorded before (same id).
      const status = appended === 0 && result.eventIds.length > 0 ? 'already-recorded' : 'recorded';
      return { status, position: result.position, eventIds: result.eventIds };
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure.transient) return refusal(failure);
      if (failure.code === 'INTERNAL_ERROR') {
        this.logger.error(`${label} failed unexpectedly, attempt ${attempt}`, (error as Error)?.stack);
        if (attempt >= UNEXPECTED_FAILURE_ATTEMPTS) return refusal(failure);
      } else {
        this.logger.warn(`${label} not recorded for now (${failure.code}: ${failure.message}); will retry`);
      }
      return { status: 'retry', statusCode: failure.statusCode, code: failure.code, message: failure.message };
    }
  }
}

function refusal({ statusCode, code, message, details }: Failure): FactOutcome {
  return { status: 'refused', statusCode, code, message, ...(details ? { details } : {}) };
}
