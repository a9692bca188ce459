import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

import { parseResourceAttributes, tracesUrl, tracingResource } from './tracing';

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('reads OTEL_RESOURCE_ATTRIBUTES as percent-encoded key=value pairs, and refuses a pair without a key', () => {
    expect(parseResourceAttributes('deployment.environment=prod, service.namespace=trottoir,team=grid%2Cops')).toEqual({
      'deployment.environment': 'prod',
      'service.namespace': 'trottoir',
      team: 'grid,ops',
    });
    expect(parseResourceAttributes('')).toEqual({});
    expect(() => parseResourceAttributes('deployment.environment')).toThrow('key=value');
    expect(() => parseResourceAttributes('=prod')).toThrow('key=value');
  });

  it('names the service OTEL_SERVICE_NAME first, then service.name of the attributes, then the running service', () => {
    expect(tracingResource({ serviceName: 'ingestion' }).attributes[ATTR_SERVICE_NAME]).toBe('ingestion');
    expect(tracingResource({ serviceName: 'ingestion', resourceAttributes: { 'service.name': 'from-attributes', region: 'lyon' } }).attributes).toMatchObject({
      [ATTR_SERVICE_NAME]: 'from-attributes',
      region: 'lyon',
    });
    expect(tracingResource({ serviceName: 'ingestion', serviceNameOverride: 'ingest-eu', resourceAttributes: { 'service.name': 'from-attributes' } }).attributes[ATTR_SERVICE_NAME]).toBe('ingest-eu');
  });

  it('posts to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, else nowhere', () => {
    expect(tracesUrl({})).toBeUndefined();
    expect(tracesUrl({ otlpEndpoint: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl({ otlpEndpoint: 'http://collector:4318', otlpTracesEndpoint: 'http://tempo:4318/otlp/traces' })).toBe('http://tempo:4318/otlp/traces');
  });
});
