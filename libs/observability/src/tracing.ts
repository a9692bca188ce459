/**
 * OpenTelemetry tracing bootstrap. One tracer provider per process (in the embedded mode four services
 * share a process), with W3C trace-context propagation so that a trace follows a message across Kafka
 * (the messaging library injects and extracts `traceparent` headers through the global propagator).
 * Spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and kept nowhere otherwise.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP base URL, e.g. http://otel-collector:4318; spans are not exported when absent. */
  otlpEndpoint?: string;
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
    if (options.otlpEndpoint) {
      const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
      spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
    }
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
      }),
      spanProcessors,
    });
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
