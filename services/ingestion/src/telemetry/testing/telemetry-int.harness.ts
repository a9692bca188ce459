/**
 * Integration-spec helpers for the telemetry pipeline on the real Kafka broker and PostgreSQL of the
 * Vitest global setup: per-spec topics (so specs run side by side on one broker), a migrated
 * throwaway database, a dead-letter counter and polling.
 */
import { randomUUID } from 'node:crypto';

import { DEAD_LETTER_HEADERS } from '@trottoir/contracts';
import type { Consumer } from '@trottoir/messaging';
import { KafkaMessageBus } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import { createPgPool, DirtyIntervalStore, runMigrations, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import type { SegmentLookup } from '../../registry/segment-lookup.port';
import { TelemetryMetrics } from '../telemetry.metrics';
import { TelemetryPipeline } from '../telemetry.pipeline';

export interface SpecTopics {
  readonly raw: string;
  readonly dlq: string;
  readonly validated: string;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run under vitest.int.config.ts');
  return value.split(',');
}

export async function kafkaBus(clientId: string): Promise<KafkaMessageBus> {
  const bus = new KafkaMessageBus({ brokers: brokers(), clientId, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, rebalanceTimeoutMs: 6_000, backoff: { initialMs: 100, maxMs: 1_000 } });
  await bus.connect();
  return bus;
}

export async function createSpecTopics(bus: KafkaMessageBus, prefix: string): Promise<SpecTopics> {
  const names = { raw: `${prefix}.raw`, dlq: `${prefix}.dlq`, validated: `${prefix}.validated` };
  await bus.ensureTopics(Object.values(names).map((name) => ({ name, partitions: 3 })));
  return names;
}

export interface SpecDatabase {
  readonly database: TestDatabase;
  readonly pool: Pool;
}

export async function migratedDatabase(serverUrl = process.env.DATABASE_URL): Promise<SpecDatabase> {
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run under vitest.int.config.ts');
  const database = await createTestDatabase(serverUrl);
  await runMigrations(database.url);
  return { database, pool: createPgPool(database.url, { max: 4, applicationName: 'ingestion-spec', onIdleClientError: () => undefined }) };
}

export async function pipelineOn(bus: KafkaMessageBus, pool: Pool, segments: SegmentLookup, specTopics: SpecTopics): Promise<TelemetryPipeline> {
  const schema = await TimeSeriesSchema.detect(pool);
  return new TelemetryPipeline({
    bus,
    writer: new TelemetryWriter(pool, schema),
    dirtyIntervals: new DirtyIntervalStore(pool),
    segments,
    metrics: new TelemetryMetrics(new Registry()),
    topicNames: { dlq: specTopics.dlq, validated: specTopics.validated },
  });
}

export async function storedRows(pool: Pool, segmentPrefix: string): Promise<number> {
  const result = await pool.query<{ n: string }>('select count(*) as n from telemetry where segment_id like $1', [`${segmentPrefix}%`]);
  return Number(result.rows[0].n);
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Counts the dead letters of a topic by reason code, from the beginning, in a fresh group. */
export async function countDeadLetters(bus: KafkaMessageBus, dlqTopic: string): Promise<{ counts: Map<string, number>; total(): number; consumer: Consumer }> {
  const counts = new Map<string, number>();
  const consumer = await bus.subscribe({ groupId: uniqueName('dlq-count'), topics: [dlqTopic], fromBeginning: true }, async (batch) => {
    for (const message of batch.messages) {
      const reason = message.headers[DEAD_LETTER_HEADERS.reason] ?? 'none';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  });
  return { counts, total: () => [...counts.values()].reduce((a, b) => a + b, 0), consumer };
}
