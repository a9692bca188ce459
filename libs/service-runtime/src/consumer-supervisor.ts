/**
 * Every consumer a service opens goes through the supervisor, which
 * - counts batches, messages and failures per topic in the service's metrics,
 * - reports in readiness whether the consumers run,
 * - on shutdown closes them first: stop fetching, finish the batch in hand, commit, leave the group.
 */
import type { DescMessage } from '@bufbuild/protobuf';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { TopicDefinition } from '@trottoir/contracts';
import { BatchHandler, Consumer, ConsumerOptions, MessageBus } from '@trottoir/messaging';
import { Counter, Histogram, Logger, Registry } from '@trottoir/observability';

import { ReadinessRegistry } from './readiness.registry';
import { LOGGER, MESSAGE_BUS, METRICS_REGISTRY, SERVICE_NAME } from './tokens';

@Injectable()
export class ConsumerSupervisor implements OnModuleDestroy {
  private readonly consumers: Consumer[] = [];
  private readonly batches: Counter<'topic' | 'outcome'>;
  private readonly messages: Counter<'topic'>;
  private readonly batchSeconds: Histogram<'topic'>;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
  ) {
    this.batches = new Counter({ name: 'trottoir_consumer_batches_total', help: 'Batches handled, by outcome', labelNames: ['topic', 'outcome'], registers: [registry] });
    this.messages = new Counter({ name: 'trottoir_consumer_messages_total', help: 'Messages handled successfully', labelNames: ['topic'], registers: [registry] });
    this.batchSeconds = new Histogram({
      name: 'trottoir_consumer_batch_duration_seconds',
      help: 'Time to handle one batch',
      labelNames: ['topic'],
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    readiness.register('messageBus', async () => {
      if (!this.bus.isReady()) throw new Error('message bus not connected');
    });
  }

  /** Subscribes `handler` to one topic in the service's consumer group (group id = service name unless given). */
  async subscribe<Schema extends DescMessage>(
    topic: TopicDefinition<Schema>,
    options: Omit<ConsumerOptions, 'groupId'> & { groupId?: string },
    handler: BatchHandler<Schema>,
  ): Promise<Consumer> {
    const groupId = options.groupId ?? this.service;
    const labels = { topic: topic.name };
    const consumer = await this.bus.subscribe(topic, { ...options, groupId }, async (batch) => {
      const stopTimer = this.batchSeconds.startTimer(labels);
      try {
        await handler(batch);
        this.batches.inc({ ...labels, outcome: 'ok' });
        this.messages.inc(labels, batch.messages.length);
      } catch (error) {
        this.batches.inc({ ...labels, outcome: 'failed' });
        this.logger.error({ err: error, topic: topic.name, partition: batch.partition }, 'batch failed; it will be redelivered');
        throw error;
      } finally {
        stopTimer();
      }
    });
    this.consumers.push(consumer);
    this.logger.info({ topic: topic.name, groupId }, 'consumer started');
    return consumer;
  }

  async onModuleDestroy(): Promise<void> {
    const closing = this.consumers.splice(0);
    await Promise.all(closing.map((consumer) => consumer.close()));
    if (closing.length > 0) this.logger.info({ consumers: closing.length }, 'consumers closed after their last batch');
  }
}
