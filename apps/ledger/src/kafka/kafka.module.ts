import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { LedgerConfig } from '../config/ledger-config';
import { PersonalData } from '../people';
import { BROKER_READINESS, ReadinessProbe } from '../health/readiness';
import { ActivityConsumerService } from './activity-consumer.service';
import { ActivityIngest } from './activity-ingest';
import { LEDGER_BROKER, LedgerBroker } from './broker.port';
import { EventRelayService } from './event-relay.service';
import { KAFKA_CONFIG, KafkaConfig } from './kafka-config';
import { KafkajsBroker } from './kafkajs/kafkajs-broker';

/** Disconnects the producer and admin client once the consumer and the relay have stopped. */
@Injectable()
class BrokerCloser implements OnApplicationShutdown {
  constructor(@Inject(LEDGER_BROKER) private readonly broker: LedgerBroker) {}

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}

/**
 * Kafka in and out: the activity consumer (with its dead-letter topic) and the relay of
 * recorded events. Without KAFKA_BROKERS this module is empty and the ledger runs as before.
 */
@Module({})
export class KafkaModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    if (!config.kafka) return { module: KafkaModule };
    const kafka = config.kafka;
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_CONFIG, useValue: kafka },
        { provide: LEDGER_BROKER, useFactory: (c: KafkaConfig) => new KafkajsBroker({ brokers: c.brokers, clientId: c.clientId, ...c.security }), inject: [KAFKA_CONFIG] },
        BrokerCloser,
        ActivityIngest,
        ActivityConsumerService,
        // The relay reveals people's data (LedgerModule does not export its own; both share the vault).
        PersonalData,
        EventRelayService,
        {
          provide: BROKER_READINESS,
          inject: [ActivityConsumerService],
          useFactory: (consumer: ActivityConsumerService): ReadinessProbe => ({
            name: 'broker',
            check: async () => {
              if (!consumer.running) throw new Error(`not consuming ${kafka.topic}`);
            },
          }),
        },
      ],
      exports: [LEDGER_BROKER, ActivityConsumerService, EventRelayService, BROKER_READINESS],
    };
  }
}
