/**
 * Child process of the crash proof: the ingestion pipeline consuming a raw telemetry topic into
 * PostgreSQL until it is killed. Prints `ready` once subscribed. Its segments are `<SEGMENT_PREFIX>-s<i>`
 * for i < SEGMENT_COUNT, commissioned at COMMISSIONED_AT.
 * Env: KAFKA_BROKERS, DATABASE_URL, TOPIC_NAMESPACE (the spec's copy of the topics), GROUP_ID,
 * SEGMENT_PREFIX, SEGMENT_COUNT, COMMISSIONED_AT, BATCH_SIZE.
 */
import { topics } from '@trottoir/contracts';
import { createPgPool } from '@trottoir/persistence';
import { NamespacedMessageBus } from '@trottoir/messaging';

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
  const bus = new NamespacedMessageBus(await kafkaBus(`crash-${process.pid}`), env('TOPIC_NAMESPACE'));
  const pool = createPgPool(env('DATABASE_URL'), { max: 2, applicationName: 'ingestion-crash-fixture' });
  const pipeline = await pipelineOn(bus, pool, registry);
  await bus.subscribe(topics.telemetryRaw, { groupId: env('GROUP_ID'), maxBatchSize: Number(env('BATCH_SIZE')) }, (batch) => pipeline.handle(batch));
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
