import { Logger } from '@nestjs/common';
import { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaConfig, KafkaMessage, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { ConsumeOptions, Disposition, InboundMessage, LedgerBroker, BatchHandler, OutboundMessage, RunningConsumer } from '../broker.port';
import { waitAtMost } from '../wait';

export interface KafkajsBrokerOptions {
  brokers: string[];
  clientId: string;
  /** TLS and SASL, as the configuration gives them (kafkajs's own shapes). */
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
  /** A member that sends no heartbeat for this long is dropped and its partitions reassigned. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Pause before a message the handler answered `retry` for is offered again: doubles, up to the max. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * How many partitions' batches are decided at once: their appends meet in the event store's
   * group commits. One partition's batches always go one after the other.
   */
  partitionsInHand?: number;
}

const DEFAULTS = { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, retryDelayMs: 500, maxRetryDelayMs: 30_000, partitionsInHand: 4 };

/**
 * kafkajs's own errors are mostly network hiccups it retries: they are warnings here, and the
 * ledger logs an error of its own when retrying did not help. Its INFO (joins, assignments)
 * is debug.
 */
function logCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log: { message, ...extra } }: LogEntry) => {
      const { timestamp: _t, logger: _l, stack: _s, ...rest } = extra as Record<string, unknown>;
      const line = `${namespace ? `[${namespace}] ` : ''}${message}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''}`;
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line);
      else logger.debug(line);
    };
}

function headerValues(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return out;
}

/**
 * The kafkajs adapter of the broker port.
 *
 * Why a kafkajs consumer wrapped in a Nest provider rather than the `@nestjs/microservices`
 * Kafka transport (ServerKafka, 11.x): the transport subscribes to the topics named by
 * `@EventPattern` decorators, fixed at class-definition time, and the maintainers' advice for
 * configuration-driven subscriptions is a provider using the client directly
 * (nestjs/nest#3912); it drives kafkajs with `eachMessage` only (no `eachBatch`,
 * nestjs/nest#9455) and leaves an event handler that throws to kafkajs, which retries that
 * message forever and blocks its partition (nestjs/nest#10972, #9044, #14664); its parser
 * decodes keys, and values unless `keepBinary`, before the handler sees them (the dead-letter
 * topic needs the original bytes); and
 * it starts outside `app.init()` (`startAllMicroservices`), so start and shutdown order would
 * be split over two lifecycles. What the ledger needs per message — commit only after the
 * append, dead-letter refusals ourselves, pause and seek back on a transient failure, finish
 * the message in hand on shutdown — is direct with `eachBatch` and manual commits here.
 *
 * Commits: manual (`autoCommit: false`), and only ever up to a message that has an outcome:
 * recorded, or dead-lettered. A fetched batch is one unit of work: the handler decides all of
 * it (appends committed together, refusals dead-lettered in one produce), then its offsets
 * are committed in one round trip (about 7 ms each on the test broker: committing each
 * message alone capped ingestion near 150 messages/s). When the handler answers `retry` for
 * a message, what precedes it is committed and the partition pauses, then reads again from
 * that message; the recorded messages after it come again and have no second effect (their
 * event ids derive from the message id). A crash therefore redelivers at most the batches
 * in hand. Commits go through the batch's own commit call, which, unlike
 * `consumer.commitOffsets`, still commits while stopping.
 */
export class KafkajsBroker implements LedgerBroker {
  private readonly logger = new Logger('Kafka');
  private readonly kafka: Kafka;
  private readonly options: Required<KafkajsBrokerOptions>;
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;
  private readonly knownTopics = new Set<string>();
  private topicCheck: Promise<void> = Promise.resolve();
  private readonly consumers = new Set<KafkajsConsumer>();

  constructor(options: KafkajsBrokerOptions) {
    this.options = { ...DEFAULTS, ...options } as Required<KafkajsBrokerOptions>;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...(options.ssl ? { ssl: options.ssl } : {}),
      ...(options.sasl ? { sasl: options.sasl } : {}),
      logLevel: logLevel.INFO,
      logCreator: logCreator(this.logger),
      // About 10 s of attempts per operation; the consumer and relay supervisors retry beyond.
      retry: { initialRetryTime: 300, retries: 5 },
    });
  }

  /** One topic check at a time: two concurrent creations of one topic would fail one of them. */
  ensureTopics(topics: string[]): Promise<void> {
    const run = this.topicCheck.then(() => this.createMissing(topics));
    this.topicCheck = run.catch(() => undefined);
    return run;
  }

  private async createMissing(topics: string[]): Promise<void> {
    const wanted = [...new Set(topics)].filter((topic) => !this.knownTopics.has(topic));
    if (wanted.length === 0) return;
    const admin = await this.connectAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      // Partitions and replicas: the broker's defaults (num.partitions, default.replication.factor).
      await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
      this.logger.log(`created topic(s) ${missing.join(', ')}`);
    }
    for (const topic of wanted) this.knownTopics.add(topic);
  }

  async publish(topic: string, messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value, ...(headers ? { headers } : {}) })),
    });
  }

  async consume(options: ConsumeOptions, handler: BatchHandler): Promise<RunningConsumer> {
    const consumer = new KafkajsConsumer(this.kafka, options, handler, this.options, this.logger);
    this.consumers.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.stop().catch(() => undefined);
      throw error;
    }
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    const [producer, admin] = [this.producer, this.admin];
    this.producer = this.admin = undefined;
    const closing = Promise.allSettled([
      ...consumers.map((consumer) => consumer.stop()),
      producer?.then((p) => p.disconnect()),
      admin?.then((a) => a.disconnect()),
    ]);
    // A client still retrying an unreachable broker is not waited for.
    if (!(await waitAtMost(closing, 5_000))) this.logger.warn('Kafka clients did not disconnect in time');
  }

  private connectAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  private connectProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        // Java-compatible murmur2 on the key: a partner's messages land where other clients put them.
        createPartitioner: Partitioners.DefaultPartitioner,
        // One request in flight: a retried send cannot overtake the next one (relay order).
        maxInFlightRequests: 1,
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }
}

/** One group member reading one topic, committing batch by batch. */
class KafkajsConsumer {
  private readonly consumer: Consumer;
  /** The message of each partition that is being retried, and how many times it was offered. */
  private readonly retrying = new Map<string, { offset: string; attempt: number }>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumeOptions,
    private readonly handler: BatchHandler,
    private readonly settings: Required<KafkajsBrokerOptions>,
    private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      // Exactly the configured group id: no suffix added (the Nest transport appends "-server").
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      // The longest a fetch waits for new messages; also bounds how long a stop or the
      // resumption of a paused partition waits for the fetch in flight.
      maxWaitTimeInMs: 1_000,
      allowAutoTopicCreation: false,
      // kafkajs restarts a crashed consumer itself (after its own retries); keep it doing so
      // until we stop, whatever the error: giving up would silently stop ingestion.
      retry: {
        initialRetryTime: 300,
        retries: 5,
        restartOnFailure: async (error) => {
          if (!this.stopped) this.logger.error(`consumer of ${options.topic} crashed, restarting: ${error.message}`);
          return !this.stopped;
        },
      },
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    // A group new to the topic starts at the earliest message: nothing published before the
    // ledger's first start is skipped.
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsInHand,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    // Waits for the batches in hand (their commits included), then leaves the group.
    await this.consumer.disconnect();
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, pause, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const slot = `${topic}:${partition}`;
    if (batch.messages.length === 0 || !isRunning() || isStale() || this.stopped) return;
    const first = batch.messages[0]!;
    const retried = this.retrying.get(slot);
    const attempt = retried && retried.offset === first.offset ? retried.attempt + 1 : 1;

    // A large batch takes a while: the group must still hear from this member meanwhile.
    const beating = setInterval(() => void heartbeat().catch(() => undefined), this.settings.heartbeatIntervalMs);
    let dispositions: Disposition[];
    try {
      // The first message may be offered again; those after it are new to this attempt.
      dispositions = await this.handle(batch.messages.map((message, n) => this.inbound(topic, partition, message, n === 0 ? attempt : 1)));
    } finally {
      clearInterval(beating);
    }

    const held = dispositions.indexOf('retry');
    const done = held < 0 ? batch.messages.length : held;
    if (done > 0) {
      const last = batch.messages[done - 1]!.offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] }).catch((error) =>
        this.logger.warn(`commit on ${slot} failed (those messages will be delivered again): ${String(error)}`),
      );
    }
    if (held < 0) {
      this.retrying.delete(slot);
      return;
    }
    // Not committed from there on; the partition waits, then reads again from that very message.
    const offset = batch.messages[held]!.offset;
    const offered = held === 0 ? attempt : 1;
    this.retrying.set(slot, { offset, attempt: offered });
    const resume = pause();
    this.consumer.seek({ topic, partition, offset });
    const delay = Math.min(this.settings.maxRetryDelayMs, this.settings.retryDelayMs * 2 ** (offered - 1));
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (!this.stopped) resume();
    }, delay * (0.8 + Math.random() * 0.4));
    this.resumeTimers.add(timer);
  }

  /** The handler must not throw (a throw would make kafkajs retry the batch at once, forever). */
  private async handle(messages: InboundMessage[]): Promise<Disposition[]> {
    try {
      return await this.handler(messages);
    } catch (error) {
      const [first] = messages;
      this.logger.error(`handler failed on ${first?.topic}/${first?.partition}@${first?.offset}, will retry: ${String(error)}`);
      return messages.map(() => 'retry' as const);
    }
  }

  private inbound(topic: string, partition: number, message: KafkaMessage, attempt: number): InboundMessage {
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key ?? null,
      value: message.value ?? null,
      headers: headerValues(message.headers),
      attempt,
    };
  }
}
