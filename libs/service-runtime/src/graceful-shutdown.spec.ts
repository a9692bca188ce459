/**
 * Graceful shutdown of a service: readiness fails at once, the consumer finishes the batch in hand
 * and commits it, and only then does the service stop; nothing processed is delivered again and
 * nothing unprocessed is committed.
 */
import { BytesValueSchema } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { defineTopic } from '@trottoir/contracts';
import { systemClock } from '@trottoir/kernel';
import type { MessageBatch } from '@trottoir/messaging';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { Writable } from 'node:stream';

import type { AccessSettings } from './access/access.config';
import { ConsumerSupervisor } from './consumer-supervisor';
import { startHttpService } from './http-service';

const topic = defineTopic({
  name: 'test.shutdown.v1',
  schema: BytesValueSchema,
  valueFormat: 'protobuf',
  keyOf: () => 'segment-1',
  keyDescription: 'any',
  partitions: 1,
  cleanupPolicy: 'delete',
  description: 'a topic of this spec',
  producers: [],
  consumers: [],
});

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
    await this.consumers.subscribe(topic, {}, (batch) => gate.handle(batch));
  }
}

@Module({ providers: [GatedConsumer] })
class GatedModule {}

const accessSettings: AccessSettings = { mode: 'jwt', key: { algorithm: 'HS256', secret: 'graceful-shutdown-spec-secret-0123456789abcdef' }, clockSkewS: 30, rateLimit: { perSecond: 10, burst: 10 }, idempotencyTtlMs: 60_000 };
const silentLogs = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('graceful shutdown', () => {
  it('fails readiness, finishes and commits the batch in hand, then stops', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics([topic]);
    // A service without a database: no pool, and readiness does not wait for one.
    const service = await startHttpService(
      { name: 'ingestion', module: GatedModule, portOffset: 0, usesDatabase: false },
      { name: 'ingestion', bus, clock: systemClock, logger: createLogger({ service: 'ingestion', destination: silentLogs }), metrics: createMetricsRegistry('ingestion', { processMetrics: false }), access: accessSettings },
      { host: '127.0.0.1', port: 0 },
    );
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { checks: object }).checks)).toEqual(['messageBus']);

    await bus.publishRecords(topic, ['a', 'b', 'c'].map((value) => ({ key: 'segment-1', value: Buffer.from(value) })));
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
    await bus.publishRecords(topic, [{ key: 'segment-1', value: Buffer.from('d') }]);
    const seen: string[] = [];
    const next = await bus.subscribe(topic, { groupId: 'ingestion' }, async (batch) => {
      seen.push(...batch.messages.map((message) => Buffer.from(message.value).toString()));
    });
    // One partition, in order: any redelivery of a, b, c would arrive before d.
    for (let waited = 0; !seen.includes('d') && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await next.close();
    await bus.close();
    expect(seen).toEqual(['d']);
  });
});
