/**
 * Graceful shutdown of a service: readiness fails at once, the consumer finishes the batch in hand
 * and commits it, and only then does the service stop; nothing processed is delivered again and
 * nothing unprocessed is committed.
 */
import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { MessageBatch } from '@trottoir/messaging';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { Pool } from 'pg';
import { Writable } from 'node:stream';

import { ConsumerSupervisor } from './consumer-supervisor';
import { startHttpService } from './http-service';

const topic = 'test.shutdown.v1';

/** Holds each batch until the test releases it, to shut down in the middle of one. */
class BatchGate {
  readonly handled: string[] = [];
  private release?: () => void;
  private arrived?: () => void;
  readonly batchArrived = new Promise<void>((resolve) => (this.arrived = resolve));

  async handle(batch: MessageBatch): Promise<void> {
    this.arrived?.();
    await new Promise<void>((resolve) => (this.release = resolve));
    this.handled.push(...batch.messages.map((message) => Buffer.from(message.value).toString()));
  }

  releaseBatch(): void {
    this.release?.();
  }
}

const gate = new BatchGate();

@Injectable()
class GatedConsumer implements OnApplicationBootstrap {
  constructor(@Inject(ConsumerSupervisor) private readonly consumers: ConsumerSupervisor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({ topics: [topic] }, (batch) => gate.handle(batch));
  }
}

@Module({ providers: [GatedConsumer] })
class GatedModule {}

const silentLogs = new Writable({ write: (_chunk, _encoding, done) => done() });
/** The database is not what this test is about: readiness just needs an answering pool. */
const answeringPool = { query: async () => ({ rows: [] }) } as unknown as Pool;

describe('graceful shutdown', () => {
  it('fails readiness, finishes and commits the batch in hand, then stops', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    const service = await startHttpService(
      { name: 'ingestion', module: GatedModule, portOffset: 0 },
      { name: 'ingestion', bus, pool: answeringPool, logger: createLogger({ service: 'ingestion', destination: silentLogs }), metrics: createMetricsRegistry('ingestion', { processMetrics: false }) },
      { host: '127.0.0.1', port: 0 },
    );
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);

    await bus.publish(topic, ['a', 'b', 'c'].map((value) => ({ key: 'segment-1', value: Buffer.from(value) })));
    await gate.batchArrived;
    let stopped = false;
    const stopping = service.close().then(() => (stopped = true));

    const readyWhileStopping = await fetch(`${service.url}/ready`);
    expect(readyWhileStopping.status).toBe(503);
    expect(await readyWhileStopping.json()).toMatchObject({ checks: { shutdown: 'shutting down' } });
    expect(stopped).toBe(false);

    gate.releaseBatch();
    await stopping;
    expect(gate.handled).toEqual(['a', 'b', 'c']);

    // The batch was committed: the group's next consumer sees only what came after it.
    await bus.publish(topic, [{ key: 'segment-1', value: Buffer.from('d') }]);
    const seen: string[] = [];
    const next = await bus.subscribe({ groupId: 'ingestion', topics: [topic] }, async (batch) => {
      seen.push(...batch.messages.map((message) => Buffer.from(message.value).toString()));
    });
    // One partition, in order: any redelivery of a, b, c would arrive before d.
    for (let waited = 0; !seen.includes('d') && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await next.close();
    await bus.close();
    expect(seen).toEqual(['d']);
  });
});
