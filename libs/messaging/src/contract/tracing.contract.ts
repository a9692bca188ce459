/**
 * Contract tests of trace propagation: with an OpenTelemetry SDK and the W3C propagator registered,
 * the CONSUMER span of a batch is in the producer's trace, as the child of the PRODUCER span.
 */
import { SpanKind } from '@opentelemetry/api';

import type { MessageBus } from '../message-bus.port';
import { collect, message, testTopic, uniqueName } from './contract-helpers';
import { useInMemoryTracing } from './in-memory-tracing';

export function describeTracingContract(
  getBus: () => MessageBus,
  wait: (condition: () => boolean, what: string) => Promise<void>,
): void {
  describe('trace context', () => {
    const exporter = useInMemoryTracing();

    it('parents the consumer span on the producer span, across the bus', async () => {
      const bus = getBus();
      const t = testTopic(uniqueName('trace'), 1);
      await bus.ensureTopics([t]);
      await bus.publishRecords(t, [message('seg-1', 'traced')]);
      const c = await collect(bus, t, { groupId: uniqueName('g') });
      await wait(() => c.received.length === 1, 'the traced message');
      const spans = () => exporter.getFinishedSpans();
      await wait(() => spans().some((s) => s.name === `${t.name} process`), 'the consumer span to end');
      const producer = spans().find((s) => s.name === `${t.name} publish`)!;
      const consumer = spans().find((s) => s.name === `${t.name} process`)!;
      expect(producer.kind).toBe(SpanKind.PRODUCER);
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      expect(c.received[0].headers.traceparent).toContain(producer.spanContext().traceId);
      expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
      expect(consumer.links.map((l) => l.context.spanId)).toContain(producer.spanContext().spanId);
      await c.consumer.close();
    });

    it('links each distinct producer span once, however many of its messages a batch holds', async () => {
      const bus = getBus();
      const t = testTopic(uniqueName('trace-links'), 1);
      await bus.ensureTopics([t]);
      await bus.publishRecords(t, [message('seg-1', 'a1'), message('seg-2', 'a2'), message('seg-3', 'a3')]);
      await bus.publishRecords(t, [message('seg-1', 'b1'), message('seg-2', 'b2'), message('seg-3', 'b3')]);
      const c = await collect(bus, t, { groupId: uniqueName('g') });
      await wait(() => c.received.length === 6, 'the six traced messages');
      const spans = () => exporter.getFinishedSpans();
      const processSpans = () => spans().filter((s) => s.name === `${t.name} process`);
      const linked = () => processSpans().flatMap((s) => s.links.map((l) => l.context.spanId));
      const producers = spans().filter((s) => s.name === `${t.name} publish`).map((s) => s.spanContext().spanId);
      await wait(() => producers.every((id) => linked().includes(id)), 'the consumer spans to link both producers');
      expect(producers).toHaveLength(2);
      for (const span of processSpans()) {
        const ids = span.links.map((l) => l.context.spanId);
        expect(new Set(ids).size).toBe(ids.length);
      }
      await c.consumer.close();
    });
  });
}
