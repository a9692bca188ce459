/**
 * The messaging port: the only way Trottoir code publishes or consumes events.
 * Two adapters implement it with the same semantics (Apache Kafka, and an in-process bus for the
 * embedded default); one contract suite proves both.
 *
 * Semantics every adapter keeps:
 * - a message's key picks its partition (same key → same partition → delivered in order);
 * - consumers sharing a `groupId` split a topic's partitions between them;
 * - at-least-once: an offset is committed only after the handler resolved for the whole batch;
 *   a partition's batches are handled one at a time, in order (`concurrency` overlaps different partitions);
 *   a handler that throws, or a consumer that dies before committing, gets the batch again;
 * - committed offsets survive the consumer: a new consumer in the group resumes after them.
 */
export type MessageHeaders = Record<string, string>;

export interface OutgoingMessage {
  /** Partitioning key: segmentId or grid node id, so one segment's events stay in order. */
  key: string;
  value: Uint8Array;
  headers?: MessageHeaders;
  /** Event time, epoch ms UTC; defaults to the publish time. */
  timestampMs?: number;
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: Uint8Array;
  headers: MessageHeaders;
  timestampMs: number;
}

export interface MessageBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
}

/** Resolves when the whole batch is processed; throwing means "not processed": it will be redelivered. */
export type BatchHandler = (batch: MessageBatch) => Promise<void>;

export interface ConsumerOptions {
  /** Consumer group id = the consuming service's name. */
  groupId: string;
  topics: string[];
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

export interface TopicSpec {
  name: string;
  partitions: number;
  /** 'compact' for latest-state topics such as the fleet registry. */
  cleanupPolicy?: 'delete' | 'compact';
  retentionMs?: number;
}

export interface MessageBus {
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: ConsumerOptions, handler: BatchHandler): Promise<Consumer>;
  /** True while the adapter can reach its transport; feeds the services' readiness. */
  isReady(): boolean;
  close(): Promise<void>;
}
