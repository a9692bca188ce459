/** @platformatic/kafka 1.35.0 used directly: Buffer keys and values, stream consumer with autocommit. */
import { Consumer, Producer } from '@platformatic/kafka';

import type { BenchClient, BenchMessage } from './bench-client';
import { deferred } from './bench-client';

export function platformaticClient(brokers: string[]): BenchClient {
  const producer = new Producer({ clientId: 'bench-platformatic', bootstrapBrokers: brokers, acks: -1 });
  const consumers: Consumer<Buffer, Buffer, Buffer, Buffer>[] = [];
  return {
    name: '@platformatic/kafka 1.35.0',
    async produce(topic: string, messages: BenchMessage[], batchSize: number) {
      for (let i = 0; i < messages.length; i += batchSize) {
        await producer.send({ messages: messages.slice(i, i + batchSize).map((m) => ({ topic, key: m.key, value: m.value })) });
      }
    },
    async consume(topic: string, groupId: string, count: number) {
      const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
        clientId: 'bench-platformatic-consumer',
        bootstrapBrokers: brokers,
        groupId,
        maxWaitTime: 500,
      });
      consumers.push(consumer);
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: 1_000 });
      const done = deferred<void>();
      let received = 0;
      let firstMessageAtMs = 0;
      stream.on('data', () => {
        if (received === 0) firstMessageAtMs = Date.now();
        received += 1;
        if (received === count) done.resolve();
      });
      await done.promise;
      await stream.close();
      return { firstMessageAtMs };
    },
    async close() {
      await Promise.all(consumers.map((c) => c.close()));
      await producer.close();
    },
  };
}
