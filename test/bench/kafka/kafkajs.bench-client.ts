/** kafkajs 2.2.4 (the client @nestjs/microservices loads), with its Java-compatible partitioner. */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Consumer } from 'kafkajs';

import type { BenchClient, BenchMessage } from './bench-client';
import { deferred } from './bench-client';

export function kafkajsClient(brokers: string[]): BenchClient {
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumers: Consumer[] = [];
  let connected = false;
  return {
    name: 'kafkajs 2.2.4',
    async produce(topic: string, messages: BenchMessage[], batchSize: number) {
      if (!connected) await producer.connect();
      connected = true;
      for (let i = 0; i < messages.length; i += batchSize) {
        await producer.send({ topic, acks: -1, messages: messages.slice(i, i + batchSize) });
      }
    },
    async consume(topic: string, groupId: string, count: number) {
      const consumer = kafka.consumer({ groupId });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const done = deferred<void>();
      let received = 0;
      let firstMessageAtMs = 0;
      await consumer.run({
        eachBatch: async ({ batch }) => {
          if (received === 0) firstMessageAtMs = Date.now();
          received += batch.messages.length;
          if (received >= count) done.resolve();
        },
      });
      await done.promise;
      return { firstMessageAtMs };
    },
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect()));
      if (connected) await producer.disconnect();
    },
  };
}
