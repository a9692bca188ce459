/**
 * HTTP requests of a running service: per-route histogram (route template, method, status, refused
 * requests included) and a SERVER span that continues the caller's traceparent, active in the handler.
 */
import { SpanKind, trace } from '@opentelemetry/api';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { systemClock } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry, startTracing } from '@trottoir/observability';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';

import { Allow, Public, Secured } from './access/access.decorators';
import type { AccessSettings } from './access/access.config';
import type { RunningService } from './http-service';
import { startHttpService } from './http-service';

let handlerTraceId: string | undefined;

@Controller('v1/things')
class ThingController {
  @Get(':id')
  @Public()
  one(@Param('id') id: string): { id: string } {
    handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
    return { id };
  }
}

@Controller('v1/things')
@Secured()
class SecuredThingController {
  @Get()
  @Allow('ops-viewer')
  all(): unknown[] {
    return [];
  }
}

@Module({ controllers: [SecuredThingController, ThingController] })
class ThingModule {}

const accessSettings: AccessSettings = { mode: 'jwt', key: { algorithm: 'HS256', secret: 'http-observability-spec-secret-0123456789abcdef' }, clockSkewS: 30, rateLimit: { perSecond: 10, burst: 10 }, idempotencyTtlMs: 60_000 };
const silentLogs = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('HTTP metrics and server spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: ReturnType<typeof startTracing>;
  let service: RunningService;
  const metrics = createMetricsRegistry('forecasting', { processMetrics: false });

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'spec', exporter });
    service = await startHttpService(
      { name: 'forecasting', module: ThingModule, portOffset: 0, usesDatabase: false },
      { name: 'forecasting', bus: new InProcessMessageBus(), clock: systemClock, logger: createLogger({ service: 'forecasting', destination: silentLogs }), metrics, access: accessSettings },
      { host: '127.0.0.1', port: 0 },
    );
  });
  afterAll(async () => {
    await service.close();
    await tracing.shutdown();
  });

  it('counts each request under its route template, method and status, refused and unmatched ones included', async () => {
    expect((await fetch(`${service.url}/v1/things/a`)).status).toBe(200);
    expect((await fetch(`${service.url}/v1/things/b`)).status).toBe(200);
    expect((await fetch(`${service.url}/v1/things`)).status).toBe(401);
    expect((await fetch(`${service.url}/no/such/path`)).status).toBe(404);
    const text = await metrics.metrics();
    expect(text).toContain('http_request_duration_seconds_count{service="forecasting",method="GET",route="/v1/things/:id",status_code="200"} 2');
    expect(text).toContain('http_request_duration_seconds_count{service="forecasting",method="GET",route="/v1/things",status_code="401"} 1');
    expect(text).toContain('http_request_duration_seconds_count{service="forecasting",method="GET",route="unmatched",status_code="404"} 1');
    expect(text).not.toContain('route="/v1/things/a"');
  });

  it('continues the caller\'s trace in a SERVER span named after the route, active in the handler', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    exporter.reset();
    const response = await fetch(`${service.url}/v1/things/c`, { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });
    expect(response.status).toBe(200);
    const server = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
    expect(server?.name).toBe('GET /v1/things/:id');
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext?.spanId).toBe(parentSpanId);
    expect(server?.attributes['http.response.status_code']).toBe(200);
    expect(handlerTraceId).toBe(traceId);
  });

  it('reports each readiness check as a gauge at every scrape', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain('trottoir_readiness_check_up{check="messageBus",service="forecasting"} 1');
  });

  it('serves only the metrics named with ?name=, and refuses a name it does not have', async () => {
    const text = await (await fetch(`${service.url}/metrics?name=http_request_duration_seconds&name=trottoir_readiness_check_up`)).text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('trottoir_readiness_check_up{check="messageBus",service="forecasting"} 1');
    expect(text.split('\n').filter((line) => line.startsWith('# TYPE'))).toHaveLength(2);
    const refused = await fetch(`${service.url}/metrics?name=http_request_duration_seconds_count`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/no metric named "http_request_duration_seconds_count"/);
  });

  it('does not trace scrapes and probes', async () => {
    exporter.reset();
    await fetch(`${service.url}/metrics`);
    await fetch(`${service.url}/health`);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(await metrics.metrics()).toContain('route="/metrics",status_code="200"');
  });
});
