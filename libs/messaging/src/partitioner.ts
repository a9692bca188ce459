/**
 * Kafka's default partitioner for keyed messages, bit for bit: `toPositive(murmur2(keyBytes)) % partitions`
 * (Java client `BuiltInPartitioner.partitionForKey`, kafkajs `DefaultPartitioner`). Both adapters use
 * it, so a key lands on the same partition number in the in-process bus and on a real broker.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Murmur2 (32-bit) of the bytes, as a signed 32-bit integer like Java's `Utils.murmur2`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = data[o] | (data[o + 1] << 8) | (data[o + 2] << 16) | (data[o + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = blocks * 4;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: clears the sign bit (not `Math.abs`, not `>>> 0`). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The value a producer partitioner returns before the client reduces it modulo the partition count. */
export function keyHash(key: string): number {
  return toPositive(murmur2(Buffer.from(key, 'utf8')));
}

export function partitionForKey(key: string, partitions: number): number {
  return keyHash(key) % partitions;
}
