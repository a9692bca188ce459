/**
 * What every HTTP request of a service leaves behind: one observation in
 * `http_request_duration_seconds{method, route, status_code}` (the route is Express' template,
 * `/v1/grid-nodes/:id`, never the raw path, so the series stay few), and one SERVER span that continues
 * the caller's W3C `traceparent`, active while the request is handled so that what the handler publishes
 * or queries joins the caller's trace. An Express middleware rather than a Nest interceptor: guards run
 * before interceptors, and a refused request (401, 403, 429) must be counted too.
 * Scrapes and probes (`/metrics`, `/health`, `/ready`) are counted but not traced: a span every 15 s per
 * service would bury the traces that matter.
 */
import type { Span } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Registry } from '@trottoir/observability';
import { Histogram } from '@trottoir/observability';
import type { NextFunction, Request, Response } from 'express';

const TRACER_NAME = '@trottoir/service-runtime';
const UNTRACED_PATHS = new Set(['/metrics', '/health', '/ready']);
/** The route label of a request no route answered (404): one series, whatever path was asked for. */
export const UNMATCHED_ROUTE = 'unmatched';

export type HttpMiddleware = (request: Request, response: Response, next: NextFunction) => void;

/** The template of the route that answered, e.g. `/v1/grid-nodes/:id`. */
function routeTemplate(request: Request): string {
  const routePath = (request.route as { path?: unknown } | undefined)?.path;
  return typeof routePath === 'string' ? `${request.baseUrl}${routePath}` : UNMATCHED_ROUTE;
}

export function httpObservability(registry: Registry, service: string): HttpMiddleware {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests served, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const tracer = trace.getTracer(TRACER_NAME);

  return (request, response, next) => {
    const stopTimer = duration.startTimer();
    const traced = !UNTRACED_PATHS.has(request.path);
    let span: Span | undefined;
    let activeContext = context.active();
    if (traced) {
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      span = tracer.startSpan(
        request.method,
        {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'url.path': request.path, 'trottoir.service': service },
        },
        parent,
      );
      activeContext = trace.setSpan(parent, span);
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const route = routeTemplate(request);
      // A request the client abandoned before the answer has no status: 499, as nginx counts it.
      const status = response.writableFinished ? response.statusCode : 499;
      stopTimer({ method: request.method, route, status_code: String(status) });
      if (span) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    };
    response.once('finish', finish);
    response.once('close', finish);
    context.with(activeContext, next);
  };
}
