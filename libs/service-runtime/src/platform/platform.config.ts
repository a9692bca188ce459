/**
 * Configuration of a Trottoir process (one service in production, all of them with `trottoir start`).
 * Kafka and PostgreSQL are optional: without them the process uses the in-process bus and an
 * embedded PostgreSQL, which is the `npm start` experience.
 */
import type { ConfigOf } from '@trottoir/config';
import { boolean, brokerList, ConfigError, integer, loadConfig, oneOf, port, text, url } from '@trottoir/config';
import { parseResourceAttributes } from '@trottoir/observability';

import { accessConfigSpec } from '../access/access.config';
import { INSTANCE_ID_PATTERN } from '../instance-id';
import { kafkaClientConfigSpec, kafkaSettingsProblems } from './kafka-client.config';

export const platformConfigSpec = {
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    description: 'Kafka bootstrap brokers host:port[,…]; the in-process bus is used when unset',
    default: undefined as string[] | undefined,
    parse: brokerList(),
  },
  kafkaClientId: { env: 'KAFKA_CLIENT_ID', description: 'Kafka client id prefix', default: 'trottoir', parse: text() },
  kafkaNamespace: {
    env: 'TROTTOIR_KAFKA_NAMESPACE',
    description: 'a prefix of every topic and consumer group (`<namespace>.telemetry.raw.v1`), so that several platforms share one Kafka cluster; none when unset',
    default: undefined as string | undefined,
    parse: (raw: string) => {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,100}$/.test(raw)) throw new Error('expected letters, digits, - and _ (a Kafka topic name prefix)');
      return raw;
    },
  },
  kafkaSaslMechanism: {
    env: 'KAFKA_SASL_MECHANISM',
    description: 'SASL mechanism for Kafka (scram-sha-256 or scram-sha-512); none when unset',
    default: undefined as 'scram-sha-256' | 'scram-sha-512' | undefined,
    parse: oneOf('scram-sha-256', 'scram-sha-512'),
  },
  kafkaSaslUsername: { env: 'KAFKA_SASL_USERNAME', description: 'SASL user name', default: undefined as string | undefined, parse: text() },
  kafkaSaslPassword: {
    env: 'KAFKA_SASL_PASSWORD',
    description: 'SASL password',
    sensitive: true,
    default: undefined as string | undefined,
    parse: text(),
  },
  kafkaTls: { env: 'KAFKA_TLS', description: 'connect to Kafka over TLS', default: false, parse: boolean() },
  ...kafkaClientConfigSpec,
  instanceId: {
    env: 'TROTTOIR_INSTANCE_ID',
    description:
      'this process in the cluster, unique per running process (e.g. the pod name): the holder of the scheduled cycles\' leases and the suffix of its per-instance consumer groups; host name and process id when unset',
    default: undefined as string | undefined,
    parse: (raw: string) => {
      if (!INSTANCE_ID_PATTERN.test(raw)) throw new Error('expected 1 to 100 letters, digits, ".", "-" and "_", starting with a letter or digit');
      return raw;
    },
  },
  leaseSessionTimeoutMs: {
    env: 'TROTTOIR_LEASE_SESSION_TIMEOUT_MS',
    description:
      "how long PostgreSQL keeps the lease of a cycle whose holder went silent (network lost, process frozen) before another replica may take it (ms); a holder that dies outright frees it at once. The holder's heartbeat runs at a third of it",
    default: 30_000,
    parse: integer({ min: 3_000, max: 600_000 }),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    description: 'PostgreSQL URL; an embedded PostgreSQL is started when unset',
    sensitive: true,
    default: undefined as string | undefined,
    parse: url(['postgres', 'postgresql']),
  },
  embeddedPostgresPort: {
    env: 'TROTTOIR_EMBEDDED_PG_PORT',
    description: 'port of the embedded PostgreSQL (when DATABASE_URL is unset)',
    default: 5434,
    parse: port(),
  },
  embeddedPostgresDir: {
    env: 'TROTTOIR_EMBEDDED_PG_DIR',
    description: 'data directory of the embedded PostgreSQL (default: .trottoir/embedded-postgres in the repository)',
    default: undefined as string | undefined,
    parse: text(),
  },
  httpHost: { env: 'TROTTOIR_HTTP_HOST', description: 'address the HTTP servers listen on', default: '127.0.0.1', parse: text() },
  httpPort: {
    env: 'TROTTOIR_HTTP_PORT',
    description: 'base HTTP port: ingestion +0, forecasting +1, dispatch +2, settlement +3, simulator +4',
    default: 3001,
    parse: port(),
  },
  dbPoolSize: { env: 'TROTTOIR_DB_POOL_SIZE', description: 'PostgreSQL connections per service', default: 5, parse: integer({ min: 1, max: 100 }) },
  logLevel: {
    env: 'LOG_LEVEL',
    description: 'log level',
    default: 'info' as const,
    parse: oneOf('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'),
  },
  clockStartTs: {
    env: 'TROTTOIR_CLOCK_START',
    description:
      'demonstrations and tests only: the platform\'s clock starts at this ISO 8601 instant and runs at the wall clock\'s pace (every service, the simulator included); the system clock when unset',
    default: undefined as number | undefined,
    parse: (raw: string) => {
      const ts = Date.parse(raw);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ts)) throw new Error('expected an ISO 8601 instant such as 2026-06-21T11:00:00Z');
      return ts;
    },
  },
  otlpEndpoint: {
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    description: 'OTLP/HTTP base URL (e.g. http://otel-collector:4318); traces go to <it>/v1/traces; not exported when neither this nor OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set',
    default: undefined as string | undefined,
    parse: url(['http', 'https']),
  },
  otlpTracesEndpoint: {
    env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    description: 'OTLP/HTTP URL of traces, used as is (e.g. http://otel-collector:4318/v1/traces); wins over OTEL_EXPORTER_OTLP_ENDPOINT',
    default: undefined as string | undefined,
    parse: url(['http', 'https']),
  },
  otelServiceName: {
    env: 'OTEL_SERVICE_NAME',
    description: 'service.name of the traces; by default the service\'s name when the process runs one, `trottoir` when it runs several',
    default: undefined as string | undefined,
    parse: text(),
  },
  otelResourceAttributes: {
    env: 'OTEL_RESOURCE_ATTRIBUTES',
    description: 'resource attributes of the traces, key=value pairs separated by commas (e.g. deployment.environment=prod,service.namespace=trottoir)',
    default: undefined as Record<string, string> | undefined,
    parse: parseResourceAttributes,
  },
  ...accessConfigSpec,
};

export type PlatformConfig = ConfigOf<typeof platformConfigSpec>;

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const config = loadConfig(platformConfigSpec, env);
  const problems = kafkaSettingsProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
