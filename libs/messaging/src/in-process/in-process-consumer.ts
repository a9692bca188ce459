/**
 * A member of an in-process consumer group: serves its partitions in turn, one batch at a time per
 * partition (batches of up to `concurrency` partitions at once), commits after the handler resolved,
 * redelivers the same batch (after a backoff) when it threw. `crash()` simulates a process dying with
 * a batch in hand: nothing is committed and the partitions go to the other members, from the last
 * committed offset.
 */
import type { Consumer, TopicPartitions } from '../message-bus.port';
import type { RawBatch, RawBatchHandler } from '../topic-bus';
import type { BackoffOptions } from '../retry-backoff';
import { backoffDelayMs, sleep } from '../retry-backoff';
import type { ConsumerGroup, GroupMember } from './consumer-group';
import { partitionKey } from './consumer-group';
import type { PartitionLog } from './partition-log';

export interface InProcessConsumerSettings {
  topics: readonly string[];
  fromBeginning: boolean;
  maxBatchSize: number;
  concurrency: number;
  backoff: BackoffOptions;
  logOf: (topic: string, partition: number) => PartitionLog;
  onHandlerError: (error: unknown, batch: RawBatch) => void;
}

type State = 'running' | 'closing' | 'closed' | 'crashed';

export class InProcessConsumer implements Consumer, GroupMember {
  readonly topics: readonly string[];
  private state: State = 'running';
  private owned: TopicPartitions[] = [];
  private readonly positions = new Map<string, bigint>();
  /** Where a partition without committed offset starts ('latest' is pinned when it is assigned). */
  private readonly fallback = new Map<string, bigint>();
  private waiting: (() => void) | undefined;
  private turn = 0;
  /** Batches in hand, by partition key: a partition in hand is not read again until its batch is done. */
  private readonly inHand = new Map<string, Promise<void>>();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly group: ConsumerGroup,
    private readonly handler: RawBatchHandler,
    private readonly settings: InProcessConsumerSettings,
    private readonly onGone: (consumer: InProcessConsumer) => void,
  ) {
    this.topics = settings.topics;
  }

  start(): void {
    this.group.join(this);
    this.loop = this.run();
  }

  assignment(): TopicPartitions[] {
    return this.owned.map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  }

  assign(assignment: TopicPartitions[]): void {
    this.owned = assignment;
    this.positions.clear();
    this.fallback.clear();
    for (const { topic, partitions } of assignment) {
      for (const partition of partitions) {
        const log = this.settings.logOf(topic, partition);
        const start = this.settings.fromBeginning ? log.startOffset : log.endOffset;
        this.fallback.set(partitionKey(topic, partition), start);
      }
    }
    this.wake();
  }

  wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  async close(): Promise<void> {
    if (this.state !== 'running') return this.loop;
    this.state = 'closing';
    this.wake();
    await this.loop;
    this.leave('closed');
  }

  /** Dies on the spot: the batch in hand is never committed (for tests of at-least-once). */
  crash(): void {
    if (this.state !== 'running' && this.state !== 'closing') return;
    this.leave('crashed');
    this.wake();
  }

  private leave(state: State): void {
    this.state = state;
    this.group.leave(this);
    this.onGone(this);
  }

  private async run(): Promise<void> {
    while (this.state === 'running') {
      const batch = this.inHand.size < this.settings.concurrency ? this.nextBatch() : undefined;
      if (batch) this.dispatch(batch);
      // Woken by a publish, an assignment, close, or a batch in hand finishing.
      else await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    while (this.inHand.size > 0) await Promise.all(this.inHand.values());
  }

  private dispatch(batch: RawBatch): void {
    const key = partitionKey(batch.topic, batch.partition);
    const task = this.process(batch).finally(() => {
      this.inHand.delete(key);
      this.wake();
    });
    this.inHand.set(key, task);
  }

  private nextBatch(): RawBatch | undefined {
    const owned = this.owned.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));
    for (let i = 0; i < owned.length; i++) {
      const { topic, partition } = owned[(this.turn + i) % owned.length];
      const key = partitionKey(topic, partition);
      if (this.inHand.has(key) || this.group.isHeldByOther(topic, partition, this)) continue;
      const log = this.settings.logOf(topic, partition);
      const position =
        this.positions.get(key) ?? this.group.committedOffset(topic, partition) ?? this.fallback.get(key) ?? 0n;
      const messages = log.read(position, this.settings.maxBatchSize);
      if (messages.length === 0) continue;
      this.turn = (this.turn + i + 1) % owned.length;
      return { topic, partition, messages };
    }
    return undefined;
  }

  private async process(batch: RawBatch): Promise<void> {
    const { topic, partition, messages } = batch;
    this.group.hold(topic, partition, this);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.handler(batch);
        } catch (error) {
          if (this.state !== 'running') return;
          this.settings.onHandlerError(error, batch);
          await sleep(backoffDelayMs(attempt, this.settings.backoff));
          if (this.state !== 'running') return;
          continue;
        }
        // A crashed member never commits, even if its handler finishes later.
        if (this.state === 'crashed') return;
        const next = messages[messages.length - 1].offset + 1n;
        this.group.commit(topic, partition, next);
        this.positions.set(partitionKey(topic, partition), next);
        return;
      }
    } finally {
      this.group.release(topic, partition, this);
    }
  }
}
