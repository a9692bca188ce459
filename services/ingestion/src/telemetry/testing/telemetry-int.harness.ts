/**
 * Integration-spec helpers for the telemetry pipeline on the real Kafka broker and PostgreSQL of the
 * Vitest global setup: per-spec copies of the registry's topics (a NamespacedMessageBus, so specs run
 * side by side on one broker), a migrated throwaway database, a dead-letter counter and polling.
 */
import { randomUUID } from 'node:crypto';

import { DEAD_LETTER_HEADERS, topics } from '@trottoir/contracts';
import type { Consumer, MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher, KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import { createPgPool, DirtyIntervalStore, runMigrations, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import type { SegmentLookup } from '../../registry/segment-lookup.port';
import { TelemetryMetrics } from '../telemetry.metrics';
import { TelemetryPipeline } from '../telemetry.pipeline';

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

/** The spec's copy of the telemetry topics (raw, validated, DLQ) on `bus`, under `namespace`. */
export async function createSpecTopics(bus: MessageBus, namespace: string): Promise<NamespacedMessageBus> {
  const spec = new NamespacedMessageBus(bus, namespace);
  await spec.ensureTopics([topics.telemetryRaw, topics.telemetryValidated, topics.telemetryDlq]);
  return spec;
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

export async function pipelineOn(bus: MessageBus, pool: Pool, segments: SegmentLookup): Promise<TelemetryPipeline> {
  const schema = await TimeSeriesSchema.detect(pool);
  return new TelemetryPipeline({
    bus,
    deadLetters: new DeadLetterPublisher(bus, topics.telemetryDlq, 'ingestion'),
    writer: new TelemetryWriter(pool, schema),
    dirtyIntervals: new DirtyIntervalStore(pool),
    segments,
    metrics: new TelemetryMetrics(new Registry()),
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

/** Counts the dead letters of telemetry.dlq.v1 by reason code, from the beginning, in a fresh group. */
export async function countDeadLetters(bus: MessageBus): Promise<{ counts: Map<string, number>; total(): number; consumer: Consumer }> {
  const counts = new Map<string, number>();
  const consumer = await bus.subscribe(topics.telemetryDlq, { groupId: uniqueName('dlq-count'), fromBeginning: true }, async (batch) => {
    for (const message of batch.messages) {
      const reason = message.headers[DEAD_LETTER_HEADERS.reason] ?? 'none';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  });
  return { counts, total: () => [...counts.values()].reduce((a, b) => a + b, 0), consumer };
}
