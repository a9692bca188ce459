/**
 * PostgreSQL CLIENT spans: a query inside a span (pool.query and a checked-out client alike) is a child
 * span with the statement and no values; a query outside any trace starts none; a failed query is an
 * error span.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Pool } from 'pg';

import { createPgPool } from './pg-pool.factory';

describe('PostgreSQL spans', () => {
  const exporter = new InMemorySpanExporter();
  let pool: Pool;

  beforeAll(() => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    pool = createPgPool(process.env.DATABASE_URL as string, { max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    trace.disable();
    context.disable();
  });

  it('records each query inside a trace as a CLIENT child span, without the values', async () => {
    exporter.reset();
    await pool.query('select 1');
    expect(exporter.getFinishedSpans()).toEqual([]);

    const parent = trace.getTracer('spec').startSpan('request');
    await context.with(trace.setSpan(context.active(), parent), async () => {
      await pool.query('select $1::text as secret', ['do-not-record']);
      const client = await pool.connect();
      try {
        await client.query({ text: 'select 2' });
      } finally {
        client.release();
      }
      await expect(pool.query('select * from no_such_table')).rejects.toThrow('no_such_table');
    });
    parent.end();

    const queries = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(queries.map((span) => span.attributes['db.query.text'])).toEqual(['select $1::text as secret', 'select 2', 'select * from no_such_table']);
    for (const span of queries) {
      expect(span.name).toBe('SELECT');
      expect(span.attributes['db.system.name']).toBe('postgresql');
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(JSON.stringify(span.attributes)).not.toContain('do-not-record');
    }
    expect(queries[2].status.code).toBe(SpanStatusCode.ERROR);
  });
});
