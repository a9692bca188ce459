/**
 * Proof on real Kafka and PostgreSQL: 10,000 hostile messages of every kind, mixed with valid traffic
 * and re-sends, each land in the DLQ with the right reason, and every valid reading is stored once.
 */
import { topics } from '@trottoir/contracts';
import type { Consumer, KafkaMessageBus } from '@trottoir/messaging';
import { createLogger, Gauge, Registry } from '@trottoir/observability';

import { ConsumerLagPoller } from './consumer-lag';

import { hostileTraffic } from './testing/hostile-traffic';
import type { SpecDatabase } from './testing/telemetry-int.harness';
import { brokers, countDeadLetters, createSpecTopics, kafkaBus, migratedDatabase, pipelineOn, storedRows, uniqueName, waitFor } from './testing/telemetry-int.harness';
import { InMemorySegmentLookup } from './testing/telemetry.fixtures';

describe('telemetry pipeline under hostile input (Kafka + PostgreSQL)', () => {
  let bus: KafkaMessageBus;
  let db: SpecDatabase;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    bus = await kafkaBus(uniqueName('hostile'));
    db = await migratedDatabase();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.close();
    await bus?.close();
    await db?.pool.end();
    await db?.database.drop();
  });

  it('dead-letters each bad message with its reason while every valid reading is stored exactly once', async () => {
    const prefix = uniqueName('hostile');
    const spec = await createSpecTopics(bus, prefix);
    const registry = new InMemorySegmentLookup();
    const traffic = hostileTraffic({ prefix, registry, segmentCount: 40, hostile: 10_000, valid: 5_000, resends: 500, nowTs: Date.now() });
    const pipeline = await pipelineOn(spec, db.pool, registry);
    const groupId = uniqueName('ingestion');
    consumers.push(await spec.subscribe(topics.telemetryRaw, { groupId, maxBatchSize: 1_000 }, (batch) => pipeline.handle(batch)));
    const deadLetters = await countDeadLetters(spec);
    consumers.push(deadLetters.consumer);

    for (let start = 0; start < traffic.messages.length; start += 1_000) {
      await spec.publishRecords(topics.telemetryRaw, traffic.messages.slice(start, start + 1_000));
    }

    await waitFor(async () => deadLetters.total(), (total) => total >= 10_000, 90_000, 'the dead letters');
    await waitFor(() => storedRows(db.pool, prefix), (rows) => rows >= traffic.validReadings, 60_000, 'the stored rows');
    expect(Object.fromEntries(deadLetters.counts)).toEqual(Object.fromEntries(traffic.expectedDeadLetters));
    expect(await storedRows(db.pool, prefix)).toBe(traffic.validReadings);
    const dirty = await db.pool.query('select count(*)::int as n from telemetry_dirty_interval');
    expect(dirty.rows[0].n).toBeGreaterThan(0);

    // Once everything is handled and committed, the lag the admin API reports goes to 0 on every partition.
    const gauge = new Gauge({ name: 'lag', help: 'lag', labelNames: ['topic', 'partition'], registers: [new Registry()] });
    const settings = { kafkaBrokers: brokers(), kafkaClientId: 'hostile-spec' };
    const poller = new ConsumerLagPoller(settings, spec.groupId(groupId), spec.topic(topics.telemetryRaw), gauge, createLogger({ service: 'spec', level: 'silent' }));
    try {
      const lag = await waitFor(() => poller.poll(), (byPartition) => byPartition.size === topics.telemetryRaw.partitions && [...byPartition.values()].every((n) => n === 0), 30_000, 'zero lag');
      expect([...lag.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: topics.telemetryRaw.partitions }, (_, i) => i));
    } finally {
      await poller.stop();
    }
  });
});
