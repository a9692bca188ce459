/** Configuration of the telemetry inputs: the MQTT broker is optional (no MQTT bridge when unset). */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig, text, url } from '@trottoir/config';

export const telemetryConfigSpec = {
  mqttUrl: {
    env: 'MQTT_URL',
    description: 'MQTT broker for segment telemetry (trottoir/telemetry/+), e.g. mqtt://127.0.0.1:1883; no MQTT input when unset',
    default: undefined as string | undefined,
    parse: url(['mqtt', 'mqtts', 'tcp', 'ws', 'wss']),
  },
  mqttClientId: {
    env: 'MQTT_CLIENT_ID',
    description: 'MQTT client id of the bridge; stable across restarts so the broker keeps its queued readings (one per replica)',
    default: 'trottoir-ingestion',
    parse: text(),
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
