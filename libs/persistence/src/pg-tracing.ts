/**
 * CLIENT spans for PostgreSQL queries, cheaply: a `pg.Client` subclass handed to the pool, so that
 * `pool.query` and a checked-out client's `query` are both covered without an instrumentation package.
 * A query is traced only inside a span (an HTTP request, a consumed batch): timers and rollups outside
 * any trace would each start a trace of one span. The statement is recorded without its values.
 * Submittable queries (COPY streams, cursors) pass through untraced.
 */
import type { Span } from '@opentelemetry/api';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Client } from 'pg';

const TRACER_NAME = '@trottoir/persistence';
const MAX_STATEMENT_CHARS = 1000;

function statementOf(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as { text?: unknown }).text === 'string') return (first as { text: string }).text;
  return undefined;
}

function startQuerySpan(statement: string, database: string | undefined): Span {
  const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'QUERY';
  return trace.getTracer(TRACER_NAME).startSpan(operation, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system.name': 'postgresql',
      'db.operation.name': operation,
      'db.namespace': database ?? '',
      'db.query.text': statement.length > MAX_STATEMENT_CHARS ? `${statement.slice(0, MAX_STATEMENT_CHARS)}…` : statement,
    },
  });
}

function endSpan(span: Span, error: unknown): void {
  if (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

export class TracedClient extends Client {
  // pg's query has a dozen overloads; the wrapper passes every argument through unchanged.
  override query(...args: unknown[]): never {
    const callSuper = () => (super.query as (...a: unknown[]) => never).apply(this, args);
    const first = args[0];
    const statement = statementOf(first);
    const submittable = !!first && typeof (first as { submit?: unknown }).submit === 'function';
    if (statement === undefined || submittable || !trace.getSpan(context.active())) return callSuper();
    const span = startQuerySpan(statement, this.database);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => {
        endSpan(span, error);
        callback(error, result);
      };
      return callSuper();
    }
    const result = callSuper() as unknown as Promise<unknown>;
    return result.then(
      (value) => {
        endSpan(span, undefined);
        return value;
      },
      (error: unknown) => {
        endSpan(span, error);
        throw error;
      },
    ) as never;
  }
}
