/**
 * `trottoir_consumer_lag_messages` of a topic (telemetry.raw.v1): the messaging port does not report lag, so
 * this polls the Kafka admin API every `intervalMs` (two cheap requests: the partitions' end offsets
 * and the group's committed offsets) and sets the gauge per partition. Only with Kafka
 * (KAFKA_BROKERS set); a failed poll is logged and the gauge keeps its last value.
 */
import { Admin } from '@platformatic/kafka';
import type { TopicDefinition } from '@trottoir/contracts';
import type { Logger } from '@trottoir/observability';
import type { Gauge } from '@trottoir/observability';
import type { PlatformConfig } from '@trottoir/service-runtime';

/** Messages not yet committed, per partition; a partition the group never committed counts from 0. */
export function lagByPartition(endOffsets: ReadonlyMap<number, bigint>, committed: ReadonlyMap<number, bigint>): Map<number, number> {
  const lag = new Map<number, number>();
  for (const [partition, end] of endOffsets) {
    const done = committed.get(partition) ?? -1n;
    const behind = end - (done < 0n ? 0n : done);
    lag.set(partition, Number(behind > 0n ? behind : 0n));
  }
  return lag;
}

/** The Kafka connection settings of the platform configuration that the admin client needs. */
export interface LagKafkaSettings {
  readonly kafkaBrokers: string[];
  readonly kafkaClientId: string;
  readonly kafkaTls?: boolean;
  readonly kafkaSaslMechanism?: PlatformConfig['kafkaSaslMechanism'];
  readonly kafkaSaslUsername?: string;
  readonly kafkaSaslPassword?: string;
}

function adminFor(config: LagKafkaSettings): Admin {
  const sasl = config.kafkaSaslMechanism
    ? { mechanism: config.kafkaSaslMechanism === 'scram-sha-256' ? ('SCRAM-SHA-256' as const) : ('SCRAM-SHA-512' as const), username: config.kafkaSaslUsername ?? '', password: config.kafkaSaslPassword ?? '' }
    : undefined;
  return new Admin({ clientId: `${config.kafkaClientId}-ingestion-lag`, bootstrapBrokers: config.kafkaBrokers, ...(config.kafkaTls ? { tls: {} } : {}), ...(sasl ? { sasl } : {}) });
}

export class ConsumerLagPoller {
  private timer: NodeJS.Timeout | undefined;
  private readonly admin: Admin;
  private readonly topicName: string;

  constructor(
    config: LagKafkaSettings,
    private readonly groupId: string,
    topic: TopicDefinition,
    private readonly gauge: Gauge<'topic' | 'partition'>,
    private readonly logger: Logger,
    private readonly intervalMs = 15_000,
  ) {
    this.admin = adminFor(config);
    this.topicName = topic.name;
  }

  start(): void {
    this.timer = setInterval(() => void this.poll().catch((error: unknown) => this.logger.debug({ err: error }, 'consumer lag poll failed')), this.intervalMs);
    this.timer.unref();
  }

  async poll(): Promise<Map<number, number>> {
    const metadata = await this.admin.metadata({ topics: [this.topicName] });
    const partitions = metadata.topics.get(this.topicName)?.partitions.map((_, index) => index) ?? [];
    const listed = await this.admin.listOffsets({ topics: [{ name: this.topicName, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    const ends = new Map((listed.find((t) => t.name === this.topicName)?.partitions ?? []).map((p) => [p.partitionIndex, p.offset] as const));
    const groups = await this.admin.listConsumerGroupOffsets({ groups: [this.groupId] });
    const topic = groups.find((g) => g.groupId === this.groupId)?.topics.find((t) => t.name === this.topicName);
    const committed = new Map((topic?.partitions ?? []).map((p) => [p.partitionIndex, p.committedOffset] as const));
    const lag = lagByPartition(ends, committed);
    for (const [partition, messages] of lag) this.gauge.set({ topic: this.topicName, partition: String(partition) }, messages);
    return lag;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.close();
  }
}
