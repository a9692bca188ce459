import { ConfigError } from '@trottoir/config';

import { loadPlatformConfig } from './platform.config';

describe('platform configuration: OpenTelemetry variables', () => {
  it('reads OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and both OTLP endpoints', () => {
    const config = loadPlatformConfig({
      OTEL_SERVICE_NAME: 'ingest-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces',
    });
    expect(config).toMatchObject({
      otelServiceName: 'ingest-eu',
      otelResourceAttributes: { 'deployment.environment': 'staging' },
      otlpEndpoint: 'http://collector:4318',
      otlpTracesEndpoint: 'http://collector:4318/v1/traces',
    });
  });

  it('stops with a message naming the variable when one is malformed', () => {
    expect(() => loadPlatformConfig({ OTEL_RESOURCE_ATTRIBUTES: 'no-equals-sign' })).toThrow(ConfigError);
    expect(() => loadPlatformConfig({ OTEL_RESOURCE_ATTRIBUTES: 'no-equals-sign' })).toThrow('OTEL_RESOURCE_ATTRIBUTES');
    expect(() => loadPlatformConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318' })).toThrow('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  });
});

describe('platform configuration: scale-out settings', () => {
  it('leaves replication and min.insync.replicas to the broker unless set, and reads them as numbers', () => {
    expect(loadPlatformConfig({})).toMatchObject({ kafkaReplicationFactor: undefined, kafkaMinInsyncReplicas: undefined, instanceId: undefined, leaseSessionTimeoutMs: 30_000 });
    expect(loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2', TROTTOIR_INSTANCE_ID: 'ingestion-7d9f-x2k4p' })).toMatchObject({
      kafkaReplicationFactor: 3,
      kafkaMinInsyncReplicas: 2,
      instanceId: 'ingestion-7d9f-x2k4p',
    });
  });

  it('refuses a min.insync.replicas above the replication factor: no acks=all write could succeed', () => {
    expect(() => loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow('KAFKA_MIN_INSYNC_REPLICAS=2 is above KAFKA_REPLICATION_FACTOR=1');
  });

  it('stops on a malformed setting, naming it', () => {
    expect(() => loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '0' })).toThrow('KAFKA_REPLICATION_FACTOR');
    expect(() => loadPlatformConfig({ KAFKA_MIN_INSYNC_REPLICAS: 'two' })).toThrow('KAFKA_MIN_INSYNC_REPLICAS');
    expect(() => loadPlatformConfig({ TROTTOIR_INSTANCE_ID: 'pod name with spaces' })).toThrow('TROTTOIR_INSTANCE_ID');
    expect(() => loadPlatformConfig({ TROTTOIR_LEASE_SESSION_TIMEOUT_MS: '100' })).toThrow('TROTTOIR_LEASE_SESSION_TIMEOUT_MS');
  });
});
