import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_STORE, EventStore, EventSubscription, RecordedEvent, serialiseEvent } from '@ledger/event-store';
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
  const partnerId = event.data['partnerId'];
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
 * partner's events keep their order. A failure restarts the loop from the checkpoint. It does
 * not start when its checkpoint is a position of another event store (CheckpointSourceGuard).
 * Run it in one instance (KAFKA_RELAY_ENABLED=false elsewhere), or expect duplicates.
 */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaRelay');
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;
  private subscription?: EventSubscription;
  /** Emits 'relayed' with the new checkpoint after each acknowledged batch. */
  readonly progress = new EventEmitter();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly guard: CheckpointSourceGuard,
  ) {
    this.progress.setMaxListeners(0);
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
    this.loop = this.supervise();
  }

  private async supervise(): Promise<void> {
    const signal = this.stopping.signal;
    for (let failures = 0; !signal.aborted; ) {
      try {
        // Checked at every (re)start: the checkpoint must be a position of the connected store.
        if (await this.guard.check('Kafka relay', [this.checkpointName],
          `Reset the relay's checkpoint with \`${RELAY_RESET_COMMAND}\` (this ledger stopped; it then publishes the connected store's events from its start, ` +
          `or add --from-head to publish only those recorded from then on), rebuild the read models with \`${REBUILD_COMMAND}\` if not done yet, then start the ledger again`)) return;
        await this.follow(signal, () => (failures = 0));
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        this.logger.error(`relay to ${this.config.relay.topic} failed, restarting from its checkpoint: ${String(error)}`);
      } finally {
        await this.subscription?.close();
        this.subscription = undefined;
      }
      try {
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), undefined, { signal });
      } catch {
        return;
      }
    }
  }

  private async follow(signal: AbortSignal, onProgress: () => void): Promise<void> {
    const topic = this.config.relay.topic;
    await this.broker.ensureTopics([topic]);
    let checkpoint = await this.store.checkpoint(this.checkpointName);
    this.logger.log(`relaying ledger events to ${topic} ${checkpoint === null ? 'from the start' : `after position ${checkpoint}`}`);
    this.subscription = this.events.subscribeToAll(checkpoint ?? undefined);
    while (!signal.aborted) {
      const batch = await this.subscription.nextBatch(RELAY_BATCH, signal);
      if (batch.length === 0) {
        if (signal.aborted) return;
        throw new Error('the event store subscription closed');
      }
      await this.broker.publish(topic, batch.map(relayMessage));
      checkpoint = batch[batch.length - 1]!.position;
      await this.store.commit(this.checkpointName, [], checkpoint);
      onProgress();
      this.progress.emit('relayed', checkpoint);
    }
  }

  /** Lets the batch in hand be sent and checkpointed, then stops (a broker that does not answer is not waited for long). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.subscription?.close();
    if (!(await waitAtMost(this.loop, 10_000))) this.logger.warn('stopped without the acknowledgement of the batch in hand: it will be sent again');
  }
}
