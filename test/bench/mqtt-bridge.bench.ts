/**
 * MQTT → Kafka bridge throughput: a device client publishes `--messages` QoS 1 readings as fast as the
 * MQTT broker takes them (on as many topics as `--segments`), the ingestion service's bridge forwards
 * them to telemetry.raw.v1, and a consumer counts what arrived. Prints the rate and how many were lost
 * (published with a PUBACK from the broker, never seen in Kafka). Not part of `npm test`.
 *
 * Needs an MQTT broker (MQTT_URL, default mqtt://127.0.0.1:1883, the machine's Mosquitto) and uses
 * KAFKA_BROKERS when set, else starts a Kafka broker in a temp dir.
 * Run: npm run bench:mqtt [-- --help]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Command, InvalidArgumentError } from 'commander';
import { connectAsync } from 'mqtt';

import { topics } from '@trottoir/contracts';
import { findFreePorts, startKafka } from '@trottoir/local-stack';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createLogger } from '@trottoir/observability';

import { MqttTelemetryBridge } from '../../services/ingestion/src/telemetry/mqtt.bridge';

const log = (line: string) => console.error(`[bench:mqtt] ${line}`);

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive integer');
  return n;
}

const options = new Command('mqtt-bridge.bench')
  .description('MQTT -> Kafka bridge throughput and loss under a burst of QoS 1 readings. Prints a JSON line last.')
  .option('--messages <n>', 'readings the device publishes', positive, 20_000)
  .option('--segments <n>', 'distinct segment topics they are spread over', positive, 2_000)
  .option('--connections <n>', 'MQTT connections of the bridge (its share group)', positive, 8)
  .option('--timeout-seconds <s>', 'how long to wait for the readings to arrive in Kafka', positive, 120)
  .parse()
  .opts<{ messages: number; segments: number; connections: number; timeoutSeconds: number }>();

async function main(): Promise<void> {
  const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-bench-mqtt-'));
  const cleanups: (() => Promise<void>)[] = [() => Promise.resolve(fs.rmSync(workDir, { recursive: true, force: true }))];
  try {
    let brokers = process.env.KAFKA_BROKERS;
    if (!brokers) {
      const [brokerPort, controllerPort] = await findFreePorts(2);
      const kafka = await startKafka({ dataDir: path.join(workDir, 'kafka'), brokerPort: brokerPort as number, controllerPort: controllerPort as number, attached: true, progress: log });
      cleanups.unshift(() => kafka.stop());
      brokers = kafka.brokers;
    }
    const run = randomUUID().slice(0, 8);
    const topicRoot = `bench-${run}/telemetry`;
    // The bench's own copy of telemetry.raw.v1, so that a running platform on the same broker is left alone.
    const bus = new NamespacedMessageBus(new KafkaMessageBus({ brokers: brokers.split(','), clientId: `bench-mqtt-${run}` }), `bench-mqtt-${run}`);
    cleanups.unshift(() => bus.close());
    await bus.ensureTopics([topics.telemetryRaw]);

    let arrived = 0;
    const seen = new Set<string>();
    const consumer = await bus.subscribe(topics.telemetryRaw, { groupId: `bench-mqtt-${run}` }, async (batch) => {
      for (const message of batch.messages) {
        const id = Buffer.from(message.value).toString('utf8');
        if (!seen.has(id)) {
          seen.add(id);
          arrived += 1;
        }
      }
    });
    cleanups.unshift(() => consumer.close());

    const bridge = new MqttTelemetryBridge({ url: mqttUrl, clientId: `bench-mqtt-bridge-${run}`, connections: options.connections, shareGroup: `bench-${run}`, persistentSession: false, topicRoot }, bus, createLogger({ service: 'bench-mqtt', level: 'warn' }));
    await bridge.start();
    cleanups.unshift(() => bridge.stop());

    const device = await connectAsync(mqttUrl, { clientId: `bench-mqtt-device-${run}` });
    cleanups.unshift(() => device.endAsync());
    log(`publishing ${options.messages.toLocaleString('en')} QoS 1 readings over ${options.segments.toLocaleString('en')} topics to ${mqttUrl}…`);
    const started = performance.now();
    // The payload is only an id here: the bridge forwards bytes unchanged, validation is not measured.
    const window = 200;
    for (let sent = 0; sent < options.messages; sent += window) {
      const sends: Promise<unknown>[] = [];
      for (let i = sent; i < Math.min(options.messages, sent + window); i++) {
        sends.push(device.publishAsync(`${topicRoot}/seg-${i % options.segments}`, `reading-${i}`, { qos: 1 }));
      }
      await Promise.all(sends);
    }
    const publishedS = (performance.now() - started) / 1_000;
    log(`published in ${publishedS.toFixed(1)} s (${Math.round(options.messages / publishedS).toLocaleString('en')} msgs/s into the MQTT broker); waiting for Kafka…`);

    let lastArrived = -1;
    let stillSince = performance.now();
    while (arrived < options.messages && performance.now() - started < options.timeoutSeconds * 1_000) {
      await sleep(250);
      if (arrived !== lastArrived) {
        lastArrived = arrived;
        stillSince = performance.now();
      } else if (performance.now() - stillSince > 10_000) break; // nothing more is coming
    }
    const elapsedS = (performance.now() - started) / 1_000;
    const lost = options.messages - arrived;
    console.log(`arrived in Kafka: ${arrived.toLocaleString('en')} of ${options.messages.toLocaleString('en')} in ${elapsedS.toFixed(1)} s; lost ${lost.toLocaleString('en')}`);
    console.log(JSON.stringify({ messages: options.messages, connections: options.connections, arrived, lost, seconds: +elapsedS.toFixed(2), bridgedPerSec: Math.round(arrived / elapsedS) }));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
