/**
 * Proof for the MQTT and HTTP edges on the real Mosquitto broker, Kafka and PostgreSQL: a JSON reading
 * published on `<root>/<id>` (the spec's own root instead of `trottoir/telemetry`) is bridged into the pipeline and stored; an NDJSON POST with
 * good and bad lines answers 202 with the right counts and reasons, and its good lines are stored. A
 * burst of QoS 1 readings, five times what Mosquitto queues for one client by default, reaches Kafka whole.
 */
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { encodeJson, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import type { Consumer, KafkaMessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { connectAsync } from 'mqtt';
import { accessForTests, bearer } from '@trottoir/testing';
import request from 'supertest';

import { MqttTelemetryBridge } from './mqtt.bridge';
import type { SpecDatabase } from './testing/telemetry-int.harness';
import { countDeadLetters, createSpecTopics, kafkaBus, migratedDatabase, pipelineOn, storedRows, uniqueName, waitFor } from './testing/telemetry-int.harness';
import { InMemorySegmentLookup, reading, segment } from './testing/telemetry.fixtures';
import { TelemetryController } from './telemetry.controller';
import { TelemetryIntake } from './telemetry.intake';
import { TelemetryMetrics } from './telemetry.metrics';

const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

describe('telemetry edges (Mosquitto, HTTP → Kafka → PostgreSQL)', () => {
  let bus: KafkaMessageBus;
  let db: SpecDatabase;
  let bridge: MqttTelemetryBridge | undefined;
  let app: INestApplication | undefined;
  const consumers: Consumer[] = [];
  const prefix = uniqueName('edges');
  const registry = new InMemorySegmentLookup([segment(`${prefix}-mqtt`), segment(`${prefix}-http`)]);

  beforeAll(async () => {
    bus = await kafkaBus(uniqueName('edges'));
    db = await migratedDatabase();
  });

  afterAll(async () => {
    await bridge?.stop();
    await app?.close();
    for (const consumer of consumers) await consumer.close();
    await bus?.close();
    await db?.pool.end();
    await db?.database.drop();
  });

  it('stores a JSON reading published to Mosquitto, and answers an NDJSON POST with counts and reasons', async () => {
    const spec = await createSpecTopics(bus, prefix);
    const pipeline = await pipelineOn(spec, db.pool, registry);
    consumers.push(await spec.subscribe(topics.telemetryRaw, { groupId: uniqueName('ingestion') }, (batch) => pipeline.handle(batch)));
    const deadLetters = await countDeadLetters(spec);
    consumers.push(deadLetters.consumer);

    // A topic root of its own: the broker is shared with other specs listening on trottoir/telemetry/+.
    const topicRoot = `${prefix}/telemetry`;
    const bridgeOptions = { url: MQTT_URL, clientId: uniqueName('bridge'), persistentSession: false, topicRoot };
    bridge = new MqttTelemetryBridge(bridgeOptions, spec, createLogger({ service: 'edges-spec', level: 'silent' }));
    await bridge.start();
    const device = await connectAsync(MQTT_URL, { clientId: uniqueName('device') });
    const mqttId = `${prefix}-mqtt`;
    await device.publishAsync(`${topicRoot}/${mqttId}`, encodeJson(SegmentTelemetrySchema, reading(mqttId, Date.now() - 1_000)), { qos: 1 });
    await device.endAsync();
    await waitFor(() => storedRows(db.pool, mqttId), (rows) => rows === 1, 30_000, 'the MQTT reading stored');

    const intake = new TelemetryIntake(spec, new DeadLetterPublisher(spec, topics.telemetryDlq, 'ingestion'), registry, new TelemetryMetrics(new Registry()));
    @Module({ imports: [accessForTests().module], controllers: [TelemetryController], providers: [{ provide: TelemetryIntake, useValue: intake }] })
    class EdgesSpecModule {}
    app = await NestFactory.create(EdgesSpecModule, { logger: false });
    await app.init();
    const httpId = `${prefix}-http`;
    const line = (ts: number, pvPowerW = 1_000) => encodeJson(SegmentTelemetrySchema, reading(httpId, ts, { pvPowerW }));
    const nowTs = Date.now();
    const body = [line(nowTs - 3_000), '{"segmentId": 12', line(nowTs - 2_000, -5), line(nowTs - 1_000), line(nowTs + 86_400_000)].join('\n');
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(bearer({ roles: ['device'], segmentIds: [httpId] })).set('content-type', 'application/x-ndjson').send(body);

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 2, rejected: 3, reasons: [{ index: 1, code: 'DECODE_FAILED' }, { index: 2, code: 'PV_NEGATIVE' }, { index: 4, code: 'TS_IN_FUTURE' }] });
    await waitFor(() => storedRows(db.pool, httpId), (rows) => rows === 2, 30_000, 'the HTTP readings stored');
    await waitFor(async () => deadLetters.total(), (total) => total === 3, 30_000, 'the HTTP dead letters');
  });

  it('bridges a burst of 5,000 QoS 1 readings without losing one (Mosquitto queues 1,000 per client)', async () => {
    const burstPrefix = uniqueName('burst');
    const spec = await createSpecTopics(bus, burstPrefix);
    const arrived = new Set<string>();
    consumers.push(
      await spec.subscribe(topics.telemetryRaw, { groupId: uniqueName('burst-count') }, async (batch) => {
        for (const message of batch.messages) arrived.add(Buffer.from(message.value).toString('utf8'));
      }),
    );
    const topicRoot = `${burstPrefix}/telemetry`;
    const burstBridge = new MqttTelemetryBridge(
      { url: MQTT_URL, clientId: uniqueName('burst-bridge'), shareGroup: burstPrefix, persistentSession: false, topicRoot },
      spec,
      createLogger({ service: 'edges-spec', level: 'silent' }),
    );
    await burstBridge.start();
    const device = await connectAsync(MQTT_URL, { clientId: uniqueName('burst-device') });
    try {
      const total = 5_000;
      // The bridge forwards bytes unchanged: a payload that names the reading is enough to count them.
      await Promise.all(Array.from({ length: total }, (_, i) => device.publishAsync(`${topicRoot}/seg-${i % 500}`, `reading-${i}`, { qos: 1 })));
      await waitFor(async () => arrived.size, (size) => size === total, 60_000, 'every burst reading in Kafka');
      expect(arrived.size).toBe(total);
    } finally {
      await device.endAsync();
      await burstBridge.stop();
    }
  });
});
