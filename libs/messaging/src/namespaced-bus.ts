/**
 * A message bus whose topics are the registry's under a namespace: several platforms share one Kafka
 * cluster (TROTTOIR_KAFKA_NAMESPACE), specs run side by side on one broker, each on its own copy of every
 * topic, while the code publishes and subscribes to the registry's topics as always. Consumer groups are
 * namespaced too, so that two platforms never share a group. Handlers are given back the registry's
 * definition; received messages name the namespaced topic, as the broker does.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import type { BatchHandler, Consumer, ConsumerOptions, MessageBus, OutgoingMessage, PublishOptions } from './message-bus.port';

export interface NamespaceOptions {
  /** Every copy gets this many partitions instead of the registry's (1: the worst case of any partitioning). */
  partitions?: number;
}

export class NamespacedMessageBus implements MessageBus {
  private readonly renamed = new Map<TopicDefinition, TopicDefinition>();

  /** @param namespace e.g. `spec-1a2b3c4d`: topics become `spec-1a2b3c4d.telemetry.raw.v1`. */
  constructor(
    readonly inner: MessageBus,
    readonly namespace: string,
    private readonly options: NamespaceOptions = {},
  ) {}

  /** The spec's copy of a registry topic. */
  topic<Schema extends DescMessage>(topic: TopicDefinition<Schema>): TopicDefinition<Schema> {
    let copy = this.renamed.get(topic);
    if (!copy) {
      copy = { ...topic, name: `${this.namespace}.${topic.name}`, partitions: this.options.partitions ?? topic.partitions };
      this.renamed.set(topic, copy);
    }
    return copy as TopicDefinition<Schema>;
  }

  /** A consumer group as the broker knows it (what an admin client asks about). */
  groupId(name: string): string {
    return `${this.namespace}.${name}`;
  }

  ensureTopics(topics: readonly TopicDefinition[]): Promise<void> {
    return this.inner.ensureTopics(topics.map((topic) => this.topic(topic)));
  }

  publish<Schema extends DescMessage>(topic: TopicDefinition<Schema>, events: readonly MessageShape<Schema>[], options: PublishOptions): Promise<void> {
    return this.inner.publish(this.topic(topic), events, options);
  }

  publishRecords(topic: TopicDefinition, records: readonly OutgoingMessage[]): Promise<void> {
    return this.inner.publishRecords(this.topic(topic), records);
  }

  subscribe<Schema extends DescMessage>(topic: TopicDefinition<Schema>, options: ConsumerOptions, handler: BatchHandler<Schema>): Promise<Consumer> {
    return this.inner.subscribe(this.topic(topic), { ...options, groupId: this.groupId(options.groupId) }, (batch) => handler({ ...batch, topic }));
  }

  deleteGroups(groupIds: readonly string[]): Promise<void> {
    return this.inner.deleteGroups(groupIds.map((groupId) => this.groupId(groupId)));
  }

  async deleteEmptyGroups(prefix: string): Promise<string[]> {
    const deleted = await this.inner.deleteEmptyGroups(this.groupId(prefix));
    return deleted.map((groupId) => groupId.slice(this.namespace.length + 1));
  }

  isReady(): boolean {
    return this.inner.isReady();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
