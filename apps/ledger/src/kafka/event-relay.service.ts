import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { isLedgerEvent, partnerIdOf, personalDataOf, personKeyOf, valueAtPath } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent, serialiseEvent } from '@ledger/event-store';
import { CheckpointedProcessor } from '@ledger/projections';
import { LeasedWork, LeaseFence, LeaseLostError, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEASES, LedgerInstance } from '../instances/ledger-instance';
import { RelayedEvent } from '../contracts/kafka-events';
import { PersonalData } from '../people';
import { CheckpointSourceGuard, REBUILD_COMMAND, RELAY_RESET_COMMAND } from '../storage/checkpoint-source-guard';
import { LEDGER_BROKER, LedgerBroker, OutboundMessage } from './broker.port';
import { KAFKA_CONFIG, KafkaConfig } from './kafka-config';
import { waitAtMost } from './wait';

/** Events per send; each send is acknowledged before the checkpoint moves. */
const RELAY_BATCH = 200;

/** The relay's checkpoint in the read store: one per relay topic. */
export const relayCheckpointName = (topic: string) => `kafka-relay:${topic}`;

/** The envelope as published: positions and revisions as decimal strings, data as given (revealed by relayMessage). */
export const relayedEvent = (event: RecordedEvent): RelayedEvent => serialiseEvent(event);

/**
 * What the relay needs of PersonalData: an event's data with its declared personal fields in
 * clear, "[erased]" for a person whose key was destroyed.
 */
export type RelayReveal = Pick<PersonalData, 'reveal'>;

/** Header listing the key ids of the people whose data a message carries (comma-separated). */
export const PERSON_KEYS_HEADER = 'x-person-keys';

/**
 * The key ids under which an event's declared personal fields are stored (sealed values, or
 * an erased person's stand-in), each once, in field order. None for an event of no personal
 * data, nor for one recorded before sealing (schemaVersion 1: clear values, no key).
 */
export function personKeysOf(event: Pick<RecordedEvent, 'type' | 'data'>): string[] {
  const declared = isLedgerEvent(event) ? personalDataOf(event) : undefined;
  const keys = new Set<string>();
  for (const path of declared?.fields ?? []) {
    const value = valueAtPath(event.data, path);
    const keyId = typeof value === 'string' ? personKeyOf(value) : undefined;
    if (keyId) keys.add(keyId);
  }
  return [...keys];
}

/**
 * One recorded event as published: people's data in clear (the relay topic is as trusted as
 * the ledger's API for auditors; "[erased]" once a person is erased), never a sealed value,
 * with the key ids it was stored under in `x-person-keys`, so that a consumer can forget it
 * when PersonErased names them.
 */
export async function relayMessage(event: RecordedEvent, personal: RelayReveal): Promise<OutboundMessage> {
  const partnerId = isLedgerEvent(event) ? partnerIdOf(event) : undefined;
  const personKeys = personKeysOf(event);
  const data = await personal.reveal(event.type, event.data, 'clear');
  return {
    key: typeof partnerId === 'string' ? partnerId : null,
    value: JSON.stringify(relayedEvent({ ...event, data })),
    headers: {
      'x-event-type': event.type,
      'x-event-id': event.eventId,
      'content-type': 'application/json',
      ...(personKeys.length > 0 ? { [PERSON_KEYS_HEADER]: personKeys.join(',') } : {}),
    },
  };
}

/** A batch's messages, in the batch's order (revealed concurrently, published in position order). */
export const relayMessages = (batch: readonly RecordedEvent[], personal: RelayReveal): Promise<OutboundMessage[]> =>
  Promise.all(batch.map((event) => relayMessage(event, personal)));

/**
 * Publishes every event the ledger records to the relay topic, driven by the event store's
 * subscription (never by the in-memory event bus) from its own checkpoint in the read store.
 * At least once: a batch is sent, acknowledged by the broker, then the checkpoint moves; a
 * crash in between sends that batch again. In position order, one send at a time, so one
 * partner's events keep their order. A failure restarts it from the checkpoint, with backoff
 * (CheckpointedProcessor). It does not start when its checkpoint is a position of another
 * event store (CheckpointSourceGuard, asked at every restart).
 * People's data goes out in clear, with the key ids it is stored under (relayMessage).
 * Of several instances, the holder of the lease `kafka-relay:<topic>` relays; its checkpoint
 * commits carry the lease's fence, so a holder that lost the lease cannot move the checkpoint.
 * It may still have sent a batch its successor sends again: at least once, in order per partner.
 */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaRelay');
  private readonly processor: CheckpointedProcessor;
  private readonly leased: LeasedWork;
  private fence?: LeaseFence;
  /** Emits 'relayed' with the new checkpoint after each acknowledged batch. */
  readonly progress = new EventEmitter();

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(LEDGER_BROKER) private readonly broker: LedgerBroker,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly guard: CheckpointSourceGuard,
    @Inject(PersonalData) private readonly personal: RelayReveal,
    instance: LedgerInstance,
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
        // Revealed before the send: the batch goes out whole, in position order, then the checkpoint moves.
        await this.broker.publish(topic, await relayMessages(batch, this.personal));
        await this.store.commit(this.checkpointName, [], batch[batch.length - 1]!.position, this.fence);
      },
      onCommitted: (checkpoint) => this.progress.emit('relayed', checkpoint),
      onFailure: (error) => {
        if (error instanceof LeaseLostError) this.leased.lost();
        else this.logger.error(`relay to ${topic} failed, restarting from its checkpoint: ${String(error)}`);
      },
    });
    this.leased = instance.leased(LEASES.relay(topic), {
      start: (fence) => {
        this.fence = fence;
        return this.processor.start();
      },
      stop: () => this.processor.stop(),
    }, this.logger);
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
    void this.leased.start();
  }

  /** Lets the batch in hand be sent and checkpointed, then stops (a broker that does not answer is not waited for long). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!(await waitAtMost(this.leased.stop(), 10_000))) this.logger.warn('stopped without the acknowledgement of the batch in hand: it will be sent again');
  }
}
