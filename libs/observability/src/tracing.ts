/**
 * OpenTelemetry tracing bootstrap. One tracer provider per process (in the embedded mode four services
 * share a process), with W3C trace-context propagation so that a trace follows a message across Kafka
 * (the messaging library injects and extracts `traceparent` headers through the global propagator).
 * Spans are exported over OTLP/HTTP (JSON) when an endpoint is configured, and kept nowhere otherwise.
 * The standard variables apply (read once, with the rest of the configuration, by the platform):
 * OTEL_SERVICE_NAME replaces the service name, OTEL_RESOURCE_ATTRIBUTES adds resource attributes,
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the traces URL as given, OTEL_EXPORTER_OTLP_ENDPOINT a base URL
 * that `/v1/traces` is appended to.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Resource } from '@opentelemetry/resources';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  /** The service name when OTEL_SERVICE_NAME is not given (`serviceNameOverride`). */
  serviceName: string;
  serviceVersion?: string;
  /** OTEL_SERVICE_NAME: wins over `serviceName` and over a `service.name` in the resource attributes. */
  serviceNameOverride?: string;
  /** OTEL_RESOURCE_ATTRIBUTES, parsed (see `parseResourceAttributes`). */
  resourceAttributes?: Readonly<Record<string, string>>;
  /** OTLP/HTTP base URL, e.g. http://otel-collector:4318 (OTEL_EXPORTER_OTLP_ENDPOINT); `/v1/traces` is appended. */
  otlpEndpoint?: string;
  /** OTLP/HTTP traces URL used as is (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); wins over `otlpEndpoint`. */
  otlpTracesEndpoint?: string;
  /** For tests: spans go to this exporter synchronously (e.g. an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

let active: { provider: NodeTracerProvider; users: number } | undefined;

/** Starts tracing for the process; later calls share the first provider (one process, one provider). */
export function startTracing(options: TracingOptions): Tracing {
  if (!active) {
    const spanProcessors: SpanProcessor[] = [];
    if (options.exporter) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
    const url = tracesUrl(options);
    if (url) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
    const provider = new NodeTracerProvider({ resource: tracingResource(options), spanProcessors });
    provider.register();
    active = { provider, users: 0 };
  }
  const session = active;
  session.users += 1;
  let closed = false;
  return {
    async shutdown() {
      if (closed) return;
      closed = true;
      session.users -= 1;
      if (session.users > 0) return;
      await session.provider.shutdown();
      trace.disable();
      if (active === session) active = undefined;
    },
  };
}

/** The URL spans are posted to, or undefined when they are not exported. */
export function tracesUrl(options: Pick<TracingOptions, 'otlpEndpoint' | 'otlpTracesEndpoint'>): string | undefined {
  if (options.otlpTracesEndpoint) return options.otlpTracesEndpoint;
  if (options.otlpEndpoint) return `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
  return undefined;
}

/** The resource of every span: our defaults, then OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME. */
export function tracingResource(options: TracingOptions): Resource {
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
    ...options.resourceAttributes,
    ...(options.serviceNameOverride ? { [ATTR_SERVICE_NAME]: options.serviceNameOverride } : {}),
  });
}

/**
 * OTEL_RESOURCE_ATTRIBUTES as the specification writes it: `key1=value1,key2=value2`, values
 * percent-encoded. Throws on a pair without `=` or with an empty key, so that a typo stops the process
 * at start instead of silently dropping the attribute.
 */
export function parseResourceAttributes(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at).trim();
    if (key === '') throw new Error(`expected key=value pairs separated by commas, got "${pair}"`);
    attributes[key] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return attributes;
}
