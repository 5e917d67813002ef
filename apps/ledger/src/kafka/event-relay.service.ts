import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { isLedgerEvent, partnerIdOf } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent, serialiseEvent } from '@ledger/event-store';
import { CheckpointedProcessor } from '@ledger/projections';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { RelayedEvent } from '../contracts/kafka-events';
import { CheckpointSourceGuard, REBUILD_COMMAND, RELAY_RESET_COMMAND } from '../storage/checkpoint-source-guard';
import { LEDGER_BROKER, LedgerBroker, OutboundMessage } from './broker.port';
import { KAFKA_CONFIG, KafkaConfig } from './kafka-config';
import { waitAtMost } from './wait';

/** Events per send; each send is acknowledged before the checkpoint moves. */
const RELAY_BATCH = 200;

/** The relay's checkpoint in the read store: one per relay topic. */
export const relayCheckpointName = (topic: string) => `kafka-relay:${topic}`;

/** The envelope as published: positions and revisions as decimal strings, data as recorded. */
export const relayedEvent = (event: RecordedEvent): RelayedEvent => serialiseEvent(event);

export function relayMessage(event: RecordedEvent): OutboundMessage {
  const partnerId = isLedgerEvent(event) ? partnerIdOf(event) : undefined;
  return {
    key: typeof partnerId === 'string' ? partnerId : null,
    value: JSON.stringify(relayedEvent(event)),
    headers: { 'x-event-type': event.type, 'x-event-id': event.eventId, 'content-type': 'application/json' },
  };
}

/**
 * Publishes every event the ledger records to the relay topic, driven by the event store's
 * subscription (never by the in-memory event bus) from its own checkpoint in the read store.
 * At least once: a batch is sent, acknowledged by the broker, then the checkpoint moves; a
 * crash in between sends that batch again. In position order, one send at a time, so one
 * partner's events keep their order. A failure restarts it from the checkpoint, with backoff
 * (CheckpointedProcessor). It does not start when its checkpoint is a position of another
 * event store (CheckpointSourceGuard, asked at every restart).
 * Run it in one instance (KAFKA_RELAY_ENABLED=false elsewhere), or expect duplicates.
 */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaRelay');
  private readonly processor: CheckpointedProcessor;
  /** Emits 'relayed' with the new checkpoint after each acknowledged batch. */
  readonly progress = new EventEmitter();

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly guard: CheckpointSourceGuard,
  ) {
    this.progress.setMaxListeners(0);
    const topic = config.relay.topic;
    this.processor = new CheckpointedProcessor(events, {
      batchSize: RELAY_BATCH,
      // Checked at every (re)start: the checkpoint must be a position of the connected store.
      guard: () => this.guard.check('Kafka relay', [this.checkpointName],
        `Reset the relay's checkpoint with \`${RELAY_RESET_COMMAND}\` (this ledger stopped; it then publishes the connected store's events from its start, ` +
        `or add --from-head to publish only those recorded from then on), rebuild the read models with \`${REBUILD_COMMAND}\` if not done yet, then start the ledger again`),
      readCheckpoint: async () => {
        await this.broker.ensureTopics([topic]);
        const checkpoint = await this.store.checkpoint(this.checkpointName);
        this.logger.log(`relaying ledger events to ${topic} ${checkpoint === null ? 'from the start' : `after position ${checkpoint}`}`);
        return checkpoint ?? undefined;
      },
      handle: async (batch) => {
        await this.broker.publish(topic, batch.map(relayMessage));
        await this.store.commit(this.checkpointName, [], batch[batch.length - 1]!.position);
      },
      onCommitted: (checkpoint) => this.progress.emit('relayed', checkpoint),
      onFailure: (error) => this.logger.error(`relay to ${topic} failed, restarting from its checkpoint: ${String(error)}`),
    });
  }

  /** The checkpoint's name in the read store: one per relay topic. */
  get checkpointName(): string {
    return relayCheckpointName(this.config.relay.topic);
  }

  onApplicationBootstrap(): void {
    if (!this.config.relay.enabled) {
      this.logger.log('relay disabled (KAFKA_RELAY_ENABLED=false)');
      return;
    }
    void this.processor.start();
  }

  /** Lets the batch in hand be sent and checkpointed, then stops (a broker that does not answer is not waited for long). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!(await waitAtMost(this.processor.stop(), 10_000))) this.logger.warn('stopped without the acknowledgement of the batch in hand: it will be sent again');
  }
}
