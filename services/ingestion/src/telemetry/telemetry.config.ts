/** Configuration of the telemetry inputs: the MQTT broker is optional (no MQTT bridge when unset). */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig, text, url } from '@trottoir/config';

import { DEFAULT_MQTT_CONNECTIONS, DEFAULT_MQTT_SHARE_GROUP } from './mqtt.bridge';
import { sharedTelemetryFilter } from './mqtt-topic';

export const telemetryConfigSpec = {
  mqttUrl: {
    env: 'MQTT_URL',
    description: 'MQTT broker for segment telemetry (trottoir/telemetry/+), e.g. mqtt://127.0.0.1:1883; no MQTT input when unset',
    default: undefined as string | undefined,
    parse: url(['mqtt', 'mqtts', 'tcp', 'ws', 'wss']),
  },
  mqttClientId: {
    env: 'MQTT_CLIENT_ID',
    description: 'MQTT client id prefix of the bridge (connection i is <id>-<i>); stable across restarts so the broker keeps its queued readings (one per replica)',
    default: 'trottoir-ingestion',
    parse: text(),
  },
  mqttConnections: {
    env: 'MQTT_CONNECTIONS',
    description: 'MQTT connections of the bridge in its share group; each bridges one reading per Kafka round trip (32 took a 100,000-reading burst without loss)',
    default: DEFAULT_MQTT_CONNECTIONS,
    parse: integer({ min: 1, max: 256 }),
  },
  mqttShareGroup: {
    env: 'MQTT_SHARE_GROUP',
    description: 'MQTT shared-subscription group ($share/<group>/trottoir/telemetry/+); the same for every replica, so each reading is bridged once',
    default: DEFAULT_MQTT_SHARE_GROUP,
    parse: (raw: string) => (sharedTelemetryFilter(raw), raw),
  },
  batchSize: {
    env: 'INGEST_BATCH_SIZE',
    description: 'most telemetry messages handled (and written in one COPY) per batch',
    default: 2_000,
    parse: integer({ min: 1, max: 50_000 }),
  },
  concurrency: {
    env: 'INGEST_CONCURRENCY',
    description: 'telemetry batches of different partitions handled at once (one partition stays in order); each holds a database connection while it writes',
    default: 2,
    parse: integer({ min: 1, max: 16 }),
  },
};

export type TelemetryConfig = ConfigOf<typeof telemetryConfigSpec>;

export function loadTelemetryConfig(env: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  return loadConfig(telemetryConfigSpec, env);
}
