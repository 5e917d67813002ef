import { Logger } from '@nestjs/common';
import { Kafka, PartitionerArgs, ProducerConfig } from 'kafkajs';
import { KafkajsBroker } from './kafkajs-broker';

/**
 * Which partition the ledger's producer (the relay, the dead letters) puts a key on: Java's
 * (murmur2, positive, modulo the partition count), the one kafkajs's DefaultPartitioner and
 * Java clients use. kcat (librdkafka) defaults to `consistent_random`, a CRC32 of the key,
 * and puts the same key elsewhere unless given `-X topic.partitioner=murmur2_random`
 * (docs/kafka.md): a partner's facts published by hand and by a service would then be on two
 * partitions, with no order between them.
 */

/** The partitioner the ledger's producer is created with, captured from KafkajsBroker itself. */
async function ledgerPartitionFor(key: string, partitions: number): Promise<number> {
  let config: ProducerConfig | undefined;
  let chosen: number | undefined;
  const producer = jest.spyOn(Kafka.prototype, 'producer').mockImplementation((options?: ProducerConfig) => {
    config = options;
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async ({ topic, messages }: { topic: string; messages: { key: string }[] }) => {
        const partitioner = config!.createPartitioner!();
        const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 }));
        chosen = partitioner({ topic, partitionMetadata, message: messages[0]! } as unknown as PartitionerArgs);
        return [];
      },
    } as never;
  });
  const broker = new KafkajsBroker({ brokers: ['127.0.0.1:1'], clientId: 'partitioner-spec' });
  try {
    await broker.publish('partner-activity', [{ key, value: '{}' }]);
  } finally {
    await broker.close();
    producer.mockRestore();
  }
  return chosen!;
}

/** librdkafka's `consistent_random` for a non-empty key: CRC32 (IEEE, as zlib) modulo the partition count. */
function librdkafkaDefaultPartition(key: string, partitions: number): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(key)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0) % partitions;
}

describe("the ledger's producer partitions keys as Java clients do", () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('p-1001 goes to partition 0 of 3 (the test broker\'s num.partitions), where kcat without murmur2_random puts it on 2', async () => {
    expect(await ledgerPartitionFor('p-1001', 3)).toBe(0);
    expect(librdkafkaDefaultPartition('p-1001', 3)).toBe(2);
  });

  // Kafka's own murmur2 test vectors (clients UtilsTest.testMurmur2): Java's partition is
  // toPositive(murmur2(key)) % partitions.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('key %s: the partition Java computes from murmur2 = %i', async (key, javaMurmur2) => {
    for (const partitions of [3, 12]) {
      expect(await ledgerPartitionFor(key, partitions)).toBe((javaMurmur2 & 0x7fffffff) % partitions);
    }
  });
});
