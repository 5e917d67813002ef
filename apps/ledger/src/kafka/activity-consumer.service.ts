import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActivityIngest } from './activity-ingest';
import { LEDGER_BROKER, LedgerBroker, RunningConsumer } from './broker.port';
import { KAFKA_CONFIG, KafkaConfig } from './kafka-config';
import { waitAtMost } from './wait';

/** How long application start waits for the consumer to join before going on without it. */
const START_WAIT_MS = 15_000;

/**
 * Runs the activity consumer for the life of the application: started by `app.init()`
 * (topics created, group joined), stopped before the stores close, after the batches in hand
 * are recorded and committed. A broker that cannot be reached does not keep the ledger down:
 * after START_WAIT_MS the application starts anyway (HTTP serves) and joining is retried
 * with backoff until it succeeds.
 */
@Injectable()
export class ActivityConsumerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaConsumer');
  private consumer?: RunningConsumer;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  private markStarted!: () => void;
  /** Resolves once the consumer has joined its group. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly ingest: ActivityIngest,
  ) {}

  get running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.starting = this.startWithRetries();
    await waitAtMost(this.started, START_WAIT_MS);
    if (!this.running) this.logger.warn(`not consuming ${this.config.topic} yet; the ledger starts anyway and keeps trying`);
  }

  private async startWithRetries(): Promise<void> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      if (await this.tryStart()) return;
      try {
        await sleep(Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5)), undefined, { signal: this.stopping.signal });
      } catch {
        return;
      }
    }
  }

  private async tryStart(): Promise<boolean> {
    const { topic, deadLetterTopic, relay, groupId } = this.config;
    try {
      await this.broker.ensureTopics([topic, deadLetterTopic, ...(relay.enabled ? [relay.topic] : [])]);
      if (this.stopping.signal.aborted) return true;
      const consumer = await this.broker.consume({ topic, groupId }, this.ingest.handleBatch);
      if (this.stopping.signal.aborted) {
        await consumer.stop(); // joined while the application was stopping
        return true;
      }
      this.consumer = consumer;
      this.logger.log(`consuming ${topic} as group ${groupId}; refusals go to ${deadLetterTopic}`);
      this.markStarted();
      return true;
    } catch (error) {
      if (this.stopping.signal.aborted) return true;
      this.logger.error(`could not start consuming ${topic}: ${String(error)}`);
      return false;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    // A join in progress against an unreachable broker is not waited for long; if it
    // succeeds later it stops itself, and the broker's close stops it anyway.
    await waitAtMost(this.starting, 5_000);
    await this.consumer?.stop();
    this.consumer = undefined;
    this.logger.log('consumer stopped');
  }
}
