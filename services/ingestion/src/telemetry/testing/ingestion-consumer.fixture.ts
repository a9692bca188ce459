/**
 * Child process of the crash proof: the ingestion pipeline consuming a raw telemetry topic into
 * PostgreSQL until it is killed. Prints `ready` once subscribed. Its segments are `<SEGMENT_PREFIX>-s<i>`
 * for i < SEGMENT_COUNT, commissioned at COMMISSIONED_AT.
 * Env: KAFKA_BROKERS, DATABASE_URL, RAW_TOPIC, DLQ_TOPIC, VALIDATED_TOPIC, GROUP_ID, SEGMENT_PREFIX,
 * SEGMENT_COUNT, COMMISSIONED_AT, BATCH_SIZE.
 */
import { createPgPool } from '@trottoir/persistence';

import { kafkaBus, pipelineOn } from './telemetry-int.harness';
import { InMemorySegmentLookup, segment } from './telemetry.fixtures';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const registry = new InMemorySegmentLookup();
  for (let i = 0; i < Number(env('SEGMENT_COUNT')); i += 1) {
    registry.add(segment(`${env('SEGMENT_PREFIX')}-s${i}`, { commissionedAt: Number(env('COMMISSIONED_AT')) }));
  }
  const bus = await kafkaBus(`crash-${process.pid}`);
  const pool = createPgPool(env('DATABASE_URL'), { max: 2, applicationName: 'ingestion-crash-fixture' });
  const pipeline = await pipelineOn(bus, pool, registry, { raw: env('RAW_TOPIC'), dlq: env('DLQ_TOPIC'), validated: env('VALIDATED_TOPIC') });
  await bus.subscribe({ groupId: env('GROUP_ID'), topics: [env('RAW_TOPIC')], maxBatchSize: Number(env('BATCH_SIZE')) }, (batch) => pipeline.handle(batch));
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
