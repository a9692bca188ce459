/** The @trottoir/messaging Kafka adapter: idempotent producer, explicit commit after each handled batch, tracing hooks. */
import type { Consumer } from '@trottoir/messaging';
import { KafkaMessageBus } from '@trottoir/messaging';

import type { BenchClient, BenchMessage } from './bench-client';
import { deferred } from './bench-client';
import { benchTopic } from './bench-topic';

export function adapterClient(brokers: string[]): BenchClient {
  const bus = new KafkaMessageBus({ brokers, clientId: 'bench-adapter' });
  const consumers: Consumer[] = [];
  return {
    name: '@trottoir/messaging (Kafka adapter)',
    async produce(topic: string, messages: BenchMessage[], batchSize: number) {
      for (let i = 0; i < messages.length; i += batchSize) {
        await bus.publishRecords(
          benchTopic(topic),
          messages.slice(i, i + batchSize).map((m) => ({ key: m.key.toString('utf8'), value: m.value })),
        );
      }
    },
    async consume(topic: string, groupId: string, count: number) {
      const done = deferred<void>();
      let received = 0;
      let firstMessageAtMs = 0;
      consumers.push(
        await bus.subscribe(benchTopic(topic), { groupId, fromBeginning: true, maxBatchSize: 1_000 }, async (batch) => {
          if (received === 0) firstMessageAtMs = Date.now();
          received += batch.messages.length;
          if (received >= count) done.resolve();
        }),
      );
      await done.promise;
      return { firstMessageAtMs };
    },
    async close() {
      await Promise.all(consumers.map((c) => c.close()));
      await bus.close();
    },
  };
}
