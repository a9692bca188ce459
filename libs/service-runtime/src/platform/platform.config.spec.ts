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
