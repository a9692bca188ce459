/**
 * What both adapters share: the typed surface of the port over each adapter's transport. A topic
 * definition becomes a name only here, at the edge of the transport; events are encoded with the
 * registry's encoder, key and envelope (`toRecord`), and each raw batch is handed to its handler with
 * the topic definition it subscribed with.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import { toRecord } from '@trottoir/contracts';

import type { BatchHandler, Consumer, ConsumerOptions, MessageBus, OutgoingMessage, PublishOptions, ReceivedMessage } from './message-bus.port';

/** What a transport needs to create a topic. */
export type TopicSettings = Pick<TopicDefinition, 'name' | 'partitions' | 'cleanupPolicy' | 'retentionMs'>;

/** A batch as a transport delivers it: one partition of one topic, named. */
export interface RawBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
}

export type RawBatchHandler = (batch: RawBatch) => Promise<void>;

export abstract class TopicBus implements MessageBus {
  async ensureTopics(topics: readonly TopicDefinition[]): Promise<void> {
    await this.createTopics(
      topics.map((topic) => ({ name: topic.name, partitions: topic.partitions, cleanupPolicy: topic.cleanupPolicy, retentionMs: topic.retentionMs })),
    );
  }

  async publish<Schema extends DescMessage>(topic: TopicDefinition<Schema>, events: readonly MessageShape<Schema>[], options: PublishOptions): Promise<void> {
    if (events.length === 0) return;
    const time = options.time ?? Date.now();
    await this.send(
      topic.name,
      events.map((event) => {
        const record = toRecord(topic, event, { source: options.source, time });
        return options.headers ? { ...record, headers: { ...options.headers, ...record.headers } } : record;
      }),
    );
  }

  async publishRecords(topic: TopicDefinition, records: readonly OutgoingMessage[]): Promise<void> {
    await this.send(topic.name, records);
  }

  async subscribe<Schema extends DescMessage>(topic: TopicDefinition<Schema>, options: ConsumerOptions, handler: BatchHandler<Schema>): Promise<Consumer> {
    return this.listen(topic.name, options, (batch) => handler({ topic, partition: batch.partition, messages: batch.messages }));
  }

  abstract deleteGroups(groupIds: readonly string[]): Promise<void>;
  abstract deleteEmptyGroups(prefix: string): Promise<string[]>;
  abstract isReady(): boolean;
  abstract close(): Promise<void>;

  protected abstract createTopics(topics: readonly TopicSettings[]): Promise<void>;
  protected abstract send(topicName: string, records: readonly OutgoingMessage[]): Promise<void>;
  protected abstract listen(topicName: string, options: ConsumerOptions, handler: RawBatchHandler): Promise<Consumer>;
}
