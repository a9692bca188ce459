/**
 * The in-process message bus for the embedded default (`npm start`): the same semantics as the Kafka
 * adapter — keyed partitions with Kafka's partitioner, per-partition offsets, consumer groups that split
 * partitions, commit after the handler, redelivery on failure, committed offsets that outlive consumers.
 * Messages live in memory only; compacted topics are kept like any other (no compaction).
 */
import type { ConsumerOptions, OutgoingMessage } from '../message-bus.port';
import { BusClosedError, MessagingError, UnknownTopicError } from '../messaging.errors';
import { partitionForKey } from '../partitioner';
import type { BackoffOptions } from '../retry-backoff';
import { DEFAULT_BACKOFF } from '../retry-backoff';
import { TopicBus } from '../topic-bus';
import type { RawBatch, RawBatchHandler, TopicSettings } from '../topic-bus';
import { tracedHandler, tracedPublish } from '../tracing/message-tracing';
import { ConsumerGroup } from './consumer-group';
import { InProcessConsumer } from './in-process-consumer';
import { PartitionLog } from './partition-log';

export interface InProcessBusOptions {
  /** Oldest records beyond this count per partition are dropped (memory safeguard). Default: unbounded. */
  maxMessagesPerPartition?: number;
  /** Redelivery backoff after a handler threw. */
  backoff?: BackoffOptions;
  /** Default `maxBatchSize` of consumers. */
  maxBatchSize?: number;
  /** Told about every handler failure before the batch is redelivered. */
  onHandlerError?: (error: unknown, batch: RawBatch) => void;
  /**
   * Largest record batch one publish may put on one partition, bytes: Kafka's `message.max.bytes`
   * (default 1,048,588), so that what a broker would refuse is refused here too. Default: Kafka's.
   */
  maxBatchBytes?: number;
}

/** Kafka's default `message.max.bytes`. */
const KAFKA_MAX_BATCH_BYTES = 1_048_588;
/** Kafka's record batch header, and a generous bound of one record's framing (lengths, deltas, attributes). */
const BATCH_OVERHEAD_BYTES = 61;
const RECORD_OVERHEAD_BYTES = 24;

const SYSTEM = 'in-process';

export class InProcessMessageBus extends TopicBus {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly consumers = new Set<InProcessConsumer>();
  private closed = false;

  constructor(private readonly options: InProcessBusOptions = {}) {
    super();
  }

  protected async createTopics(topics: readonly TopicSettings[]): Promise<void> {
    this.assertOpen();
    for (const spec of topics) {
      const logs = this.topics.get(spec.name) ?? [];
      // Like Kafka, partitions can be added but never removed.
      while (logs.length < spec.partitions) logs.push(new PartitionLog(this.options.maxMessagesPerPartition));
      this.topics.set(spec.name, logs);
    }
  }

  protected async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const logs = this.logsOf(topic);
    this.assertBatchesFit(topic, logs.length, messages);
    await tracedPublish(topic, messages, { system: SYSTEM }, async (traceHeaders) => {
      const now = Date.now();
      for (const message of messages) {
        const partition = partitionForKey(message.key, logs.length);
        logs[partition].append({
          topic,
          partition,
          key: message.key,
          // Copied so that a caller reusing its buffer cannot rewrite history.
          value: Uint8Array.from(message.value),
          headers: { ...message.headers, ...traceHeaders },
          timestampMs: message.timestampMs ?? now,
        });
      }
    });
    for (const consumer of this.consumers) if (consumer.topics.includes(topic)) consumer.wake();
  }

  /** Refuses, before appending anything, a publish whose batch for one partition a broker would refuse. */
  private assertBatchesFit(topic: string, partitions: number, messages: readonly OutgoingMessage[]): void {
    const limit = this.options.maxBatchBytes ?? KAFKA_MAX_BATCH_BYTES;
    const bytes = new Map<number, number>();
    for (const message of messages) {
      const partition = partitionForKey(message.key, partitions);
      let size = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + message.value.byteLength;
      for (const [name, value] of Object.entries(message.headers ?? {})) size += Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
      bytes.set(partition, (bytes.get(partition) ?? BATCH_OVERHEAD_BYTES) + size);
    }
    for (const [partition, size] of bytes) {
      if (size > limit) {
        throw new MessagingError('MESSAGE_TOO_LARGE', `a publish of ${size} bytes to partition ${partition} of ${topic} exceeds the ${limit}-byte record batch a broker accepts (message.max.bytes)`);
      }
    }
  }

  protected async listen(topic: string, options: ConsumerOptions, handler: RawBatchHandler): Promise<InProcessConsumer> {
    this.assertOpen();
    this.logsOf(topic);
    const group = this.groupOf(options.groupId);
    const consumer = new InProcessConsumer(
      group,
      tracedHandler(handler, { system: SYSTEM, groupId: options.groupId }),
      {
        topics: [topic],
        fromBeginning: options.fromBeginning ?? true,
        maxBatchSize: options.maxBatchSize ?? this.options.maxBatchSize ?? 500,
        concurrency: Math.max(1, options.concurrency ?? 1),
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        logOf: (topic, partition) => this.logsOf(topic)[partition],
        onHandlerError: this.options.onHandlerError ?? (() => undefined),
      },
      (gone) => this.consumers.delete(gone),
    );
    this.consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    for (const groupId of groupIds) if (this.groups.get(groupId)?.isEmpty()) this.groups.delete(groupId);
  }

  async deleteEmptyGroups(prefix: string): Promise<string[]> {
    const empty = [...this.groups].filter(([groupId, group]) => groupId.startsWith(prefix) && group.isEmpty()).map(([groupId]) => groupId);
    await this.deleteGroups(empty);
    return empty;
  }

  /** Whether the group exists (members or committed offsets): what a broker's group listing would show. */
  hasGroup(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  isReady(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    this.closed = true;
  }

  private logsOf(topic: string): PartitionLog[] {
    const logs = this.topics.get(topic);
    if (!logs) throw new UnknownTopicError(topic);
    return logs;
  }

  private groupOf(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId, (topic) => this.logsOf(topic).length);
      this.groups.set(groupId, group);
    }
    return group;
  }

  private assertOpen(): void {
    if (this.closed) throw new BusClosedError();
  }
}
