/**
 * The messaging port: the only way Trottoir code publishes or consumes events. Every call names its
 * topic by a `TopicDefinition` of the typed topic registry (@trottoir/contracts), never by a string:
 * the payload type, the key and the partitioning come from the registry, so a wrong payload or an
 * unknown topic is a compile error. Two adapters implement it with the same semantics (Apache Kafka,
 * and an in-process bus for the embedded default); one contract suite proves both.
 *
 * Semantics every adapter keeps:
 * - a message's key picks its partition (same key → same partition → delivered in order);
 * - consumers sharing a `groupId` split a topic's partitions between them;
 * - at-least-once: an offset is committed only after the handler resolved for the whole batch;
 *   a partition's batches are handled one at a time, in order (`concurrency` overlaps different partitions);
 *   a handler that throws, or a consumer that dies before committing, gets the batch again;
 * - committed offsets survive the consumer: a new consumer in the group resumes after them.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';

export type MessageHeaders = Record<string, string>;

/** A record whose value is already encoded as its topic carries it (see `MessageBus.publishRecords`). */
export interface OutgoingMessage {
  /** Partitioning key: segmentId or grid node id, so one segment's events stay in order. */
  key: string;
  value: Uint8Array;
  headers?: MessageHeaders;
  /** Event time, epoch ms UTC; defaults to the publish time. */
  timestampMs?: number;
}

export interface ReceivedMessage {
  /** The name of the topic the record was read from (a dead letter records it as its origin). */
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: Uint8Array;
  headers: MessageHeaders;
  timestampMs: number;
}

/** One partition's messages of one topic, handed to the topic's handler. */
export interface MessageBatch<Schema extends DescMessage = DescMessage> {
  /** The registry topic the handler subscribed to: `decodeEvent(batch.topic, message)` is typed by it. */
  topic: TopicDefinition<Schema>;
  partition: number;
  messages: ReceivedMessage[];
}

/** Resolves when the whole batch is processed; throwing means "not processed": it will be redelivered. */
export type BatchHandler<Schema extends DescMessage = DescMessage> = (batch: MessageBatch<Schema>) => Promise<void>;

export interface ConsumerOptions {
  /** Consumer group id = the consuming service's name. */
  groupId: string;
  /** Where a group with no committed offset starts. Default: 'earliest'. */
  fromBeginning?: boolean;
  /** Upper bound of messages handed to one handler call. */
  maxBatchSize?: number;
  /**
   * Batches of *different* partitions the handler may be running at once (default 1). A partition's
   * batches still go one at a time, in order, each committed only after its handler resolved; nothing
   * more is fetched from the adapter while this many are in hand. For handlers that wait on I/O (a
   * database write, a produce), so one partition's wait does not leave the process idle.
   */
  concurrency?: number;
}

export interface PublishOptions {
  /** Who emits the events: `trottoir/<service>` or `segment/<id>`. */
  source: string;
  /** Event time, epoch ms UTC (the envelope's `time` and the record timestamp); the publish time by default. */
  time?: number;
  /** Extra headers, added beside the envelope's. */
  headers?: MessageHeaders;
}

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface Consumer {
  /** Stops fetching, waits for the batch in hand to finish and commit, then leaves the group. */
  close(): Promise<void>;
  /** The partitions this member currently owns (empty before the group settles); for probes and tests. */
  assignment(): TopicPartitions[];
}

export interface MessageBus {
  /** Creates the topics that do not exist yet, with the registry's partitions, cleanup policy and retention. */
  ensureTopics(topics: readonly TopicDefinition[]): Promise<void>;
  /** Publishes events: each encoded as the topic's message, keyed by the registry, with the envelope headers. */
  publish<Schema extends DescMessage>(topic: TopicDefinition<Schema>, events: readonly MessageShape<Schema>[], options: PublishOptions): Promise<void>;
  /**
   * Publishes records whose value is already what the topic carries: the ingestion hot path re-publishes
   * the protobuf bytes it received and validated, a dead letter keeps the failed message's bytes, a replay
   * sends a dead letter back. The caller answers for the bytes; the topic is still the registry's.
   */
  publishRecords(topic: TopicDefinition, records: readonly OutgoingMessage[]): Promise<void>;
  /** One consumer, in `options.groupId`, of one topic, with its one handler. */
  subscribe<Schema extends DescMessage>(topic: TopicDefinition<Schema>, options: ConsumerOptions, handler: BatchHandler<Schema>): Promise<Consumer>;
  /**
   * Deletes consumer groups and their committed offsets, for groups of one instance that no other
   * will resume (a per-instance follower's, on shutdown) so they do not pile up in the broker. Best
   * effort: a group unknown or still with members is left alone, and nothing throws.
   */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /**
   * Deletes every group whose id starts with `prefix` and has no member left (those of instances killed
   * before they could delete their own); returns their ids. Best effort, like `deleteGroups`.
   */
  deleteEmptyGroups(prefix: string): Promise<string[]>;
  /** True while the adapter can reach its transport; feeds the services' readiness. */
  isReady(): boolean;
  close(): Promise<void>;
}
