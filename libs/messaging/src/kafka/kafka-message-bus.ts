/**
 * The Kafka adapter of the messaging port, on @platformatic/kafka: one producer (keyed messages go to
 * the partition of Kafka's Java partitioner, computed here), one client per consumer (its own group
 * member, joining again with a new client when its stream gives up), an admin client for `ensureTopics`. Trace context travels in the headers.
 */
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import type { MessageToProduce } from '@platformatic/kafka';

import type { ConsumerOptions, OutgoingMessage } from '../message-bus.port';
import { BusClosedError } from '../messaging.errors';
import { keyHash } from '../partitioner';
import type { BackoffOptions } from '../retry-backoff';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep } from '../retry-backoff';
import { TopicBus } from '../topic-bus';
import type { RawBatchHandler, TopicSettings } from '../topic-bus';
import { tracedHandler, tracedPublish } from '../tracing/message-tracing';
import type { KafkaBusConfig } from './kafka-config';
import { CoalescingSender } from './coalescing-sender';
import { clientOptions } from './kafka-config';
import { KafkaConsumer } from './kafka-consumer';
import { RestartingConsumer } from './restarting-consumer';
import { subscriptionAwareAssigner } from './subscription-assigner';
import { headerBytes, toRecord } from './kafka-records';

const SYSTEM = 'kafka';
const PROBE_INTERVAL_MS = 10_000;

export class KafkaMessageBus extends TopicBus {
  private readonly producer: Producer<Buffer, Buffer, string, Buffer>;
  private readonly sender: CoalescingSender<MessageToProduce<Buffer, Buffer, string, Buffer>>;
  private readonly consumers = new Set<RestartingConsumer>();
  private readonly probe: NodeJS.Timeout;
  private connected = false;
  private closed = false;
  private readonly onError: (error: unknown, where: string) => void;

  constructor(private readonly config: KafkaBusConfig) {
    super();
    this.onError = config.onError ?? (() => undefined);
    this.producer = new Producer<Buffer, Buffer, string, Buffer>({
      ...clientOptions(config, 'producer'),
      serializers: { headerKey: (name?: string) => (name === undefined ? undefined : Buffer.from(name, 'utf8')) },
      // The client reduces the returned value modulo the partition count: Java's toPositive(murmur2) % n.
      partitioner: (_message, key) => (key ? keyHash(key.toString('utf8')) : 0),
      // Idempotent: the client retries a whole send when some partitions fail (e.g. a topic created a
      // moment ago), which would otherwise write the partitions that succeeded twice.
      idempotent: true,
      acks: -1,
      // Bounded (idempotence would default to retrying for ever, so an unreachable cluster would hang publish and close).
      retries: 5,
    });
    this.sender = new CoalescingSender((messages) => this.producer.send({ messages }).then(() => undefined));
    this.producer.on('client:broker:disconnect', () => void this.checkConnectivity());
    this.probe = setInterval(() => void this.checkConnectivity(), PROBE_INTERVAL_MS).unref();
    void this.checkConnectivity();
  }

  /** Resolves once the brokers answered a metadata request (or rejects with why they did not). */
  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [], forceUpdate: true });
    this.connected = true;
  }

  protected async createTopics(topics: readonly TopicSettings[]): Promise<void> {
    this.assertOpen();
    const admin: Admin = new Admin(clientOptions(this.config, 'admin'));
    try {
      const existing = new Set(await admin.listTopics());
      for (const spec of topics.filter((t) => !existing.has(t.name))) {
        const configs: { name: string; value: string }[] = [{ name: 'cleanup.policy', value: spec.cleanupPolicy }];
        if (spec.retentionMs !== undefined) configs.push({ name: 'retention.ms', value: String(spec.retentionMs) });
        if (this.config.minInsyncReplicas !== undefined) configs.push({ name: 'min.insync.replicas', value: String(this.config.minInsyncReplicas) });
        try {
          await admin.createTopics({
            topics: [spec.name],
            partitions: spec.partitions,
            replicas: this.config.replicationFactor ?? -1,
            configs,
          });
        } catch (error) {
          // Another instance may have created it between our list and our create.
          if (!isTopicAlreadyExists(error)) throw error;
        }
      }
    } finally {
      await admin.close();
    }
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length === 0 || this.closed) return;
    const admin: Admin = new Admin(clientOptions(this.config, 'admin'));
    try {
      // One at a time: the broker answers per group, and a group still in use must not keep the others.
      for (const groupId of groupIds) {
        await admin.deleteGroups({ groups: [groupId] }).catch((error: unknown) => this.onError(error, `deleteGroups ${groupId}`));
      }
    } finally {
      await admin.close();
    }
  }

  async deleteEmptyGroups(prefix: string): Promise<string[]> {
    if (this.closed) return [];
    const admin: Admin = new Admin(clientOptions(this.config, 'admin'));
    let empty: string[] = [];
    try {
      const groups = await admin.listGroups({ states: ['EMPTY'] });
      empty = [...groups.values()].filter((group) => group.id.startsWith(prefix) && group.state === 'EMPTY').map((group) => group.id);
    } catch (error) {
      this.onError(error, 'listGroups');
    } finally {
      await admin.close();
    }
    await this.deleteGroups(empty);
    return empty;
  }

  protected async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    await tracedPublish(topic, messages, { system: SYSTEM }, async (traceHeaders) => {
      const now = Date.now();
      const toBytes = headerBytes();
      await this.sender.submit(messages.map((message) => toRecord(topic, message, now, toBytes, traceHeaders)));
    });
    this.connected = true;
  }

  protected async listen(topic: string, options: ConsumerOptions, handler: RawBatchHandler): Promise<RestartingConsumer> {
    this.assertOpen();
    const traced = tracedHandler(handler, { system: SYSTEM, groupId: options.groupId });
    const open = () => this.openMember(topic, options, traced);
    const backoff = this.config.backoff ?? DEFAULT_BACKOFF;
    const consumer = new RestartingConsumer(await firstMember(open, backoff), open, backoff, this.onError);
    this.consumers.add(consumer);
    return consumer;
  }

  /** One group member with its own client, consuming already. */
  private async openMember(topic: string, options: ConsumerOptions, handler: RawBatchHandler): Promise<KafkaConsumer> {
    const client = new Consumer<Buffer, Buffer, Buffer, Buffer>({
      ...clientOptions(this.config, `consumer-${options.groupId}`),
      groupId: options.groupId,
      autocommit: false,
      sessionTimeout: this.config.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.config.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: this.config.rebalanceTimeoutMs ?? 60_000,
      maxWaitTime: this.config.maxWaitTimeMs ?? 500,
      maxBytes: this.config.fetchMaxBytes ?? 10 * 2 ** 20,
      maxBytesPerPartition: this.config.fetchMaxBytesPerPartition ?? 256 * 2 ** 10,
      // A service's consumers share its group, one per topic: see subscription-assigner.ts.
      partitionAssigner: subscriptionAwareAssigner,
    });
    client.on('consumer:heartbeat:error', (payload: { error: Error }) => this.onError(payload.error, 'heartbeat'));
    const maxBatchSize = options.maxBatchSize ?? 500;
    try {
      const stream = await client.consume({
        topics: [topic],
        autocommit: false,
        mode: 'committed',
        fallbackMode: options.fromBeginning === false ? 'latest' : 'earliest',
      });
      const consumer = new KafkaConsumer(client, stream, handler, {
        maxBatchSize,
        concurrency: Math.max(1, options.concurrency ?? 1),
        backoff: this.config.backoff ?? DEFAULT_BACKOFF,
        onError: this.onError,
      });
      consumer.start();
      return consumer;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  isReady(): boolean {
    return !this.closed && this.connected;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.probe);
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    await this.producer.close();
  }

  private async checkConnectivity(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
    } catch (error) {
      this.connected = false;
      this.onError(error, 'connectivity probe');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new BusClosedError();
  }
}

function isTopicAlreadyExists(error: unknown): boolean {
  const findBy = (error as { findBy?: (property: string, value: unknown) => unknown }).findBy;
  return typeof findBy === 'function' && Boolean(findBy.call(error, 'apiId', 'TOPIC_ALREADY_EXISTS'));
}

/**
 * The first join, tried a few times: just after a broker came back the group's coordinator moves, and
 * a join then fails with a retriable error (seen on the 3-broker cluster); a lasting failure still throws.
 */
async function firstMember(open: () => Promise<KafkaConsumer>, backoff: BackoffOptions, attempts = 5): Promise<KafkaConsumer> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await open();
    } catch (error) {
      const retriable = !(error as { findBy?: (property: string, value: unknown) => unknown }).findBy?.call(error, 'canRetry', false);
      if (!retriable || attempt + 1 >= attempts) throw error;
      await sleep(backoffDelayMs(attempt, backoff));
    }
  }
}
