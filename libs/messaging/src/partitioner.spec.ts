import fc from 'fast-check';
import { Partitioners } from 'kafkajs';

import { murmur2, partitionForKey } from './partitioner';

// kafkajs' DefaultPartitioner is the Java-compatible one; we check ours against it on arbitrary keys.
const kafkajsPartition = Partitioners.DefaultPartitioner();

function viaKafkajs(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
  return kafkajsPartition({ topic: 't', partitionMetadata, message: { key, value: null } });
}

describe('partitionForKey', () => {
  it('matches the Java/kafkajs default partitioner for any key and partition count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (key, partitions) => {
        expect(partitionForKey(key, partitions)).toBe(viaKafkajs(key, partitions));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the murmur2 values of the Java client for known keys', () => {
    // Values from Apache Kafka's UtilsTest.testMurmur2 (signed 32-bit).
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
  });

  it('differs from an unsigned reduction for keys whose hash is negative', () => {
    // `murmur2(key) >>> 0` (platformatic's default) would put '21' on another partition of 6.
    expect(partitionForKey('21', 6)).toBe(0);
    expect((murmur2(Buffer.from('21')) >>> 0) % 6).toBe(2);
  });
});
