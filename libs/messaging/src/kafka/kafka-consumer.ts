/**
 * One member of a Kafka consumer group: reads what the client's stream has buffered, hands it to the
 * handler one partition batch at a time, commits the batch's next offset only after the handler
 * resolved (autocommit off; commits go out in the background and `close()` awaits them), and retries
 * the same batch in place (with backoff) when it threw. Batches fetched before a rebalance took their
 * partition away are dropped uncommitted: the new owner reads them again from the committed offset.
 */
import type { Consumer as PltConsumer, Message, MessagesStream } from '@platformatic/kafka';

import type { BatchHandler, Consumer, MessageBatch, TopicPartitions } from '../message-bus.port';
import type { BackoffOptions } from '../retry-backoff';
import { backoffDelayMs, sleep } from '../retry-backoff';
import { fromRecord } from './kafka-records';

export interface KafkaConsumerSettings {
  maxBatchSize: number;
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
  private waiting: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly stream: Stream,
    private readonly handler: BatchHandler,
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
    while (!this.closing) {
      const records = this.readBuffered();
      if (records.length === 0) {
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.waiting = resolve));
        continue;
      }
      for (const batch of byPartition(records)) {
        if (this.closing) return; // not handled, not committed: the next owner reads it again
        if (!this.owns(batch.topic, batch.partition)) continue;
        const done = this.handled.get(`${batch.topic}:${batch.partition}`) ?? -1n;
        batch.records = batch.records.filter((record) => record.offset >= done);
        if (batch.records.length === 0) continue;
        if (await this.handle(batch)) this.scheduleCommit(batch);
      }
    }
  }

  private readBuffered(): Message<Buffer, Buffer, Buffer, Buffer>[] {
    const records: Message<Buffer, Buffer, Buffer, Buffer>[] = [];
    while (records.length < this.settings.maxBatchSize) {
      const record = this.stream.read() as Message<Buffer, Buffer, Buffer, Buffer> | null;
      if (record === null) break;
      records.push(record);
    }
    return records;
  }

  private owns(topic: string, partition: number): boolean {
    return (this.client.assignments ?? []).some((a) => a.topic === topic && a.partitions.includes(partition));
  }

  /** True once the handler resolved; false when it gave up because of close or a lost partition. */
  private async handle(batch: RecordBatch): Promise<boolean> {
    const messageBatch: MessageBatch = {
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

function byPartition(records: Message<Buffer, Buffer, Buffer, Buffer>[]): RecordBatch[] {
  const batches = new Map<string, RecordBatch>();
  for (const record of records) {
    const key = `${record.topic}:${record.partition}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = { topic: record.topic, partition: record.partition, records: [] };
      batches.set(key, batch);
    }
    batch.records.push(record);
  }
  return [...batches.values()];
}
