/**
 * Every consumer a service opens goes through the supervisor, which
 * - counts batches, messages and failures per topic in the service's metrics,
 * - reports in readiness whether the consumers run,
 * - on shutdown closes them first: stop fetching, finish the batch in hand, commit, leave the group;
 * - names the groups of per-instance consumers (`subscribePerInstance`: followers that read a topic
 *   whole in every instance) after the instance, and deletes them once closed, so that a platform
 *   restarted every day does not leave a group per restart in the broker.
 */
import { randomBytes } from 'node:crypto';

import type { DescMessage } from '@bufbuild/protobuf';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { TopicDefinition } from '@trottoir/contracts';
import { BatchHandler, Consumer, ConsumerOptions, MessageBus } from '@trottoir/messaging';
import { Counter, Histogram, Logger, Registry } from '@trottoir/observability';

import { ReadinessRegistry } from './readiness.registry';
import { INSTANCE_ID, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, SERVICE_NAME } from './tokens';

@Injectable()
export class ConsumerSupervisor implements OnModuleDestroy {
  private readonly consumers: Consumer[] = [];
  /** Groups of this instance alone, deleted on shutdown. */
  private readonly instanceGroups: string[] = [];
  /** This start of the process, in its per-instance group ids. */
  private readonly start = randomBytes(4).toString('hex');
  private readonly batches: Counter<'topic' | 'outcome'>;
  private readonly messages: Counter<'topic'>;
  private readonly batchSeconds: Histogram<'topic'>;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ReadinessRegistry) readiness: ReadinessRegistry,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
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

  /**
   * Subscribes a consumer that must see every partition of the topic in every instance (a follower of
   * a table, of live readings): its group is `<service>-<purpose>-<instance id>-<start>`, of this
   * process alone, deleted from the broker on shutdown. `<start>` is new at every start: a follower of a
   * table must read it whole again, which a group resumed at its committed offsets would not. The
   * groups of instances killed before they could delete theirs are swept here: a per-instance group with
   * no member is nobody's.
   */
  async subscribePerInstance<Schema extends DescMessage>(
    topic: TopicDefinition<Schema>,
    options: Omit<ConsumerOptions, 'groupId'> & { purpose: string },
    handler: BatchHandler<Schema>,
  ): Promise<Consumer> {
    const { purpose, ...consumerOptions } = options;
    const prefix = `${this.service}-${purpose}-`;
    const groupId = `${prefix}${this.instanceId}-${this.start}`;
    const first = !this.instanceGroups.includes(groupId);
    if (first) this.instanceGroups.push(groupId);
    const consumer = await this.subscribe(topic, { ...consumerOptions, groupId }, handler);
    if (first) {
      const swept = await this.bus.deleteEmptyGroups(prefix);
      if (swept.length > 0) this.logger.info({ groups: swept }, 'per-instance consumer groups of stopped instances deleted');
    }
    return consumer;
  }

  /** The per-instance groups this supervisor opened (deleted on shutdown). */
  perInstanceGroups(): readonly string[] {
    return [...this.instanceGroups];
  }

  async onModuleDestroy(): Promise<void> {
    const closing = this.consumers.splice(0);
    await Promise.all(closing.map((consumer) => consumer.close()));
    if (closing.length > 0) this.logger.info({ consumers: closing.length }, 'consumers closed after their last batch');
    const groups = this.instanceGroups.splice(0);
    if (groups.length > 0) {
      await this.bus.deleteGroups(groups);
      this.logger.info({ groups }, 'per-instance consumer groups deleted');
    }
  }
}
