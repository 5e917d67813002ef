import { Logger } from '@nestjs/common';
import { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaConfig, KafkaMessage, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { ConsumeOptions, InboundMessage, LedgerBroker, MessageHandler, OutboundMessage, RunningConsumer } from '../broker.port';
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
   * Recorded messages are committed together: at the end of each fetched batch, and within a
   * batch after this many messages or this long, whichever comes first (1 commits each one).
   * Dead-lettered messages are committed at once.
   */
  commitEveryMessages?: number;
  commitIntervalMs?: number;
}

const DEFAULTS = { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, retryDelayMs: 500, maxRetryDelayMs: 30_000, commitEveryMessages: 100, commitIntervalMs: 500 };

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
 * recorded, or dead-lettered. A dead-lettered message is committed at once (a redelivery
 * would dead-letter it twice); recorded ones are committed together at the end of each
 * fetched batch and at least every 100 messages or 500 ms within one, because a commit is a
 * broker round trip (about 7 ms each on the test broker: committing each message alone
 * capped ingestion near 150 messages/s) and a recorded message delivered again has no
 * second effect (its event ids derive from the message id). A crash therefore redelivers
 * at most the messages recorded since the last commit. Commits go through the batch's own
 * commit call, which, unlike `consumer.commitOffsets`, still commits while stopping.
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

  async consume(options: ConsumeOptions, handler: MessageHandler): Promise<RunningConsumer> {
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

/** One group member reading one topic, committing message by message. */
class KafkajsConsumer {
  private readonly consumer: Consumer;
  /** The message of each partition that is being retried, and how many times it was offered. */
  private readonly retrying = new Map<string, { offset: string; attempt: number }>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumeOptions,
    private readonly handler: MessageHandler,
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
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    // Waits for the message in hand (its commit included), then leaves the group.
    await this.consumer.disconnect();
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, pause, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const slot = `${topic}:${partition}`;
    // The offset after the last message with an outcome, not yet committed.
    let pending: { next: string; count: number; since: number } | undefined;
    const flush = async () => {
      if (!pending) return;
      const { next } = pending;
      pending = undefined;
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
    };

    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || this.stopped) return;
        const retried = this.retrying.get(slot);
        const attempt = retried && retried.offset === message.offset ? retried.attempt + 1 : 1;

        const disposition = await this.handle(this.inbound(topic, partition, message, attempt));

        if (disposition === 'retry') {
          this.retrying.set(slot, { offset: message.offset, attempt });
          // Not committed; the partition waits, then reads again from this very message.
          const resume = pause();
          this.consumer.seek({ topic, partition, offset: message.offset });
          const delay = Math.min(this.settings.maxRetryDelayMs, this.settings.retryDelayMs * 2 ** (attempt - 1));
          const timer = setTimeout(() => {
            this.resumeTimers.delete(timer);
            if (!this.stopped) resume();
          }, delay * (0.8 + Math.random() * 0.4));
          this.resumeTimers.add(timer);
          return;
        }

        this.retrying.delete(slot);
        resolveOffset(message.offset);
        const count = (pending?.count ?? 0) + 1;
        pending = { next: (BigInt(message.offset) + 1n).toString(), count, since: pending?.since ?? Date.now() };
        const due = count >= this.settings.commitEveryMessages || Date.now() - pending.since >= this.settings.commitIntervalMs;
        if (disposition === 'dead-lettered' || due) await flush();
        await heartbeat();
      }
    } finally {
      // End of the batch, a stop, a seek or a retry: what has an outcome is committed now.
      await flush().catch((error) => this.logger.warn(`commit on ${slot} failed (those messages will be delivered again): ${String(error)}`));
    }
  }

  /** The handler must not throw (a throw would make kafkajs retry the batch at once, forever). */
  private async handle(message: InboundMessage) {
    try {
      return await this.handler(message);
    } catch (error) {
      this.logger.error(`handler failed on ${message.topic}/${message.partition}@${message.offset}, will retry: ${String(error)}`);
      return 'retry' as const;
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
