/**
 * One member of a Kafka consumer group: reads what the client's stream has buffered, hands it to the
 * handler as partition batches — up to `concurrency` batches of different partitions at once, a
 * partition's own batches always one at a time and in offset order — commits a batch's next offset
 * only after the handler resolved (autocommit off; commits go out in the background and `close()`
 * awaits them), and retries the same batch in place (with backoff) when it threw. A bounded number of
 * records (see `readAhead`) wait beside the batches in hand; beyond that the client's stream fills
 * and stops fetching, so memory stays bounded and a handler that keeps failing (database down) stops
 * consumption. Batches fetched before a rebalance took their
 * partition away are dropped uncommitted: the new owner reads them again from the committed offset.
 */
import type { Consumer as PltConsumer, Message, MessagesStream } from '@platformatic/kafka';

import type { Consumer, TopicPartitions } from '../message-bus.port';
import type { RawBatch, RawBatchHandler } from '../topic-bus';
import type { BackoffOptions } from '../retry-backoff';
import { backoffDelayMs, sleep } from '../retry-backoff';
import { fromRecord } from './kafka-records';

export interface KafkaConsumerSettings {
  maxBatchSize: number;
  /** Partition batches handled at once (different partitions); 1 = strictly one batch at a time. */
  concurrency: number;
  backoff: BackoffOptions;
  onError: (error: unknown, where: string) => void;
}

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;
type Client = PltConsumer<Buffer, Buffer, Buffer, Buffer>;

export class KafkaConsumer implements Consumer {
  private closing = false;
  private ended = false;
  private owned: TopicPartitions[] = [];
  /** Next offset after the last batch this member handled, per partition: a re-fetch after a rebalance is not handed over twice. */
  private readonly handled = new Map<string, bigint>();
  private readonly toCommit = new Map<string, Message<Buffer, Buffer, Buffer, Buffer>>();
  private readonly committing = new Map<string, Promise<void>>();
  /** Records read from the stream and not yet handed over, per partition, in offset order. */
  private readonly pending = new Map<string, RecordBatch>();
  private pendingCount = 0;
  /** Batches being handled, and their partitions (a partition has at most one in hand). */
  private readonly inHand = new Set<Promise<void>>();
  private readonly partitionsInHand = new Set<string>();
  private waiting: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly stream: Stream,
    private readonly handler: RawBatchHandler,
    private readonly settings: KafkaConsumerSettings,
  ) {}

  start(): void {
    // 'offsets' follows every (re)join once the fetch positions are set: the assignment is then real.
    this.stream.on('offsets', () => {
      this.owned = (this.client.assignments ?? []).map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
    });
    this.stream.on('readable', () => this.wake());
    this.stream.on('error', (error) => {
      this.settings.onError(error, 'consumer stream');
      this.finish();
    });
    this.stream.on('end', () => this.finish());
    this.stream.on('close', () => this.finish());
    this.loop = this.run();
  }

  /**
   * Resolves once this member stopped consuming: after `close()`, or by itself when the client's stream
   * failed or ended (e.g. its fetches kept failing while a broker was down); `true` in that last case.
   */
  async stopped(): Promise<boolean> {
    await this.loop;
    return !this.closing;
  }

  assignment(): TopicPartitions[] {
    return this.owned.map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.wake();
    await this.loop;
    await Promise.all(this.committing.values());
    this.owned = [];
    await this.stream.close().catch((error: unknown) => this.settings.onError(error, 'closing stream'));
    await this.client.close().catch((error: unknown) => this.settings.onError(error, 'closing consumer'));
  }

  private finish(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  private async run(): Promise<void> {
    try {
      while (!this.closing) {
        this.readAhead();
        let dispatched = false;
        while (this.inHand.size < this.settings.concurrency) {
          const batch = this.takeBatch();
          if (!batch) break;
          this.dispatch(batch);
          dispatched = true;
        }
        if (dispatched) continue; // read what came meanwhile, fill the free slots
        if (this.ended && this.inHand.size === 0 && this.pendingCount === 0) return;
        // Woken by new records ('readable'), a batch finishing, the stream ending, or close.
        await new Promise<void>((resolve) => (this.waiting = resolve));
      }
    } finally {
      // Not handled, not committed: the next owner reads them again. close() returns only once the
      // batches in hand finished (and scheduled their commits).
      this.pending.clear();
      this.pendingCount = 0;
      while (this.inHand.size > 0) await Promise.all(this.inHand);
    }
  }

  /**
   * Moves what the stream buffered into per-partition queues: (concurrency + 1) batches' worth, or
   * further while a slot is free and every queued record belongs to a partition in hand (a fetch
   * response lists each partition's records in one run, so the next partition may come a little
   * later), up to a hard bound. Beyond it the stream's own buffer fills and the client stops fetching.
   */
  private readAhead(): void {
    const soft = (this.settings.concurrency + 1) * this.settings.maxBatchSize;
    const hard = Math.max(2 * soft, 10_000);
    let dispatchable = [...this.pending.keys()].some((key) => !this.partitionsInHand.has(key));
    while (this.pendingCount < hard) {
      if (this.pendingCount >= soft && (dispatchable || this.inHand.size >= this.settings.concurrency)) return;
      const record = this.stream.read() as Message<Buffer, Buffer, Buffer, Buffer> | null;
      if (record === null) return;
      const key = `${record.topic}:${record.partition}`;
      let queue = this.pending.get(key);
      if (!queue) {
        queue = { topic: record.topic, partition: record.partition, records: [] };
        this.pending.set(key, queue);
      }
      const tail = queue.records[queue.records.length - 1];
      if (tail !== undefined && record.offset <= tail.offset) {
        // The client fetches again from an earlier offset (after a rebalance): that run supersedes the queue.
        this.pendingCount -= queue.records.length;
        queue.records = [];
      }
      queue.records.push(record);
      this.pendingCount += 1;
      if (!this.partitionsInHand.has(key)) dispatchable = true;
    }
  }

  /** Up to maxBatchSize queued records of the next partition (in turn) that has none in hand. */
  private takeBatch(): RecordBatch | undefined {
    for (const [key, queue] of this.pending) {
      if (this.partitionsInHand.has(key)) continue;
      const records = queue.records.length <= this.settings.maxBatchSize ? queue.records : queue.records.slice(0, this.settings.maxBatchSize);
      queue.records = records === queue.records ? [] : queue.records.slice(records.length);
      this.pendingCount -= records.length;
      // Re-inserted at the end (or dropped when empty): partitions take turns.
      this.pending.delete(key);
      if (queue.records.length > 0) this.pending.set(key, queue);
      return { topic: queue.topic, partition: queue.partition, records };
    }
    return undefined;
  }

  private dispatch(batch: RecordBatch): void {
    const key = `${batch.topic}:${batch.partition}`;
    this.partitionsInHand.add(key);
    const task: Promise<void> = this.process(batch)
      .catch((error: unknown) => this.settings.onError(error, `batch of ${key}`))
      .finally(() => {
        this.inHand.delete(task);
        this.partitionsInHand.delete(key);
        this.wake();
      });
    this.inHand.add(task);
  }

  private async process(batch: RecordBatch): Promise<void> {
    if (this.closing) return; // not handled, not committed: the next owner reads it again
    if (!this.owns(batch.topic, batch.partition)) return;
    const done = this.handled.get(`${batch.topic}:${batch.partition}`) ?? -1n;
    batch.records = batch.records.filter((record) => record.offset >= done);
    if (batch.records.length === 0) return;
    if (await this.handle(batch)) this.scheduleCommit(batch);
  }

  private owns(topic: string, partition: number): boolean {
    return (this.client.assignments ?? []).some((a) => a.topic === topic && a.partitions.includes(partition));
  }

  /** True once the handler resolved; false when it gave up because of close or a lost partition. */
  private async handle(batch: RecordBatch): Promise<boolean> {
    const messageBatch: RawBatch = {
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.records.map(fromRecord),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handler(messageBatch);
        const last = batch.records[batch.records.length - 1];
        this.handled.set(`${batch.topic}:${batch.partition}`, last.offset + 1n);
        return true;
      } catch (error) {
        this.settings.onError(error, `handler of ${batch.topic}[${batch.partition}]`);
        await sleep(backoffDelayMs(attempt, this.settings.backoff));
        if (this.closing || !this.owns(batch.topic, batch.partition)) return false;
      }
    }
  }

  /**
   * Commits run in the background, one at a time per partition, coalesced to the newest handled offset:
   * waiting for each commit's round trip before the next batch would leave the consumer idle (the
   * benchmark showed it), and an older commit may never overtake a newer one. `close()` awaits them.
   */
  private scheduleCommit(batch: RecordBatch): void {
    const key = `${batch.topic}:${batch.partition}`;
    this.toCommit.set(key, batch.records[batch.records.length - 1]);
    if (!this.committing.has(key)) this.committing.set(key, this.drainCommits(key, batch));
  }

  private async drainCommits(key: string, batch: RecordBatch): Promise<void> {
    try {
      for (let record = this.toCommit.get(key); record; record = this.toCommit.get(key)) {
        this.toCommit.delete(key);
        try {
          // Commits offset + 1 of the record, with its leader epoch.
          await record.commit();
        } catch (error) {
          // Handled but not committed: a later commit covers it, or the next owner handles it again.
          this.settings.onError(error, `commit of ${batch.topic}[${batch.partition}]`);
        }
      }
    } finally {
      this.committing.delete(key);
    }
  }
}

interface RecordBatch {
  topic: string;
  partition: number;
  records: Message<Buffer, Buffer, Buffer, Buffer>[];
}
