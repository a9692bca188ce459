import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';

import { createLogger } from './logger';
import { startTracing } from './tracing';

function captureLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('structured logs', () => {
  it('writes JSON lines with the service and, inside a span, its trace and span ids', async () => {
    const tracing = startTracing({ serviceName: 'test', exporter: new InMemorySpanExporter() });
    const { stream, lines } = captureLines();
    const logger = createLogger({ service: 'ingestion', destination: stream });

    logger.info('outside any span');
    await trace.getTracer('test').startActiveSpan('work', async (active) => {
      logger.info({ batchSize: 3 }, 'inside a span');
      active.end();
      const [outside, inside] = lines();
      expect(outside).toMatchObject({ service: 'ingestion', level: 'info', msg: 'outside any span' });
      expect(outside).not.toHaveProperty('trace_id');
      expect(inside).toMatchObject({
        batchSize: 3,
        trace_id: active.spanContext().traceId,
        span_id: active.spanContext().spanId,
      });
    });
    await tracing.shutdown();
  });
});
