import { useInMemoryTracing } from '../contract/in-memory-tracing';
import type { ReceivedMessage } from '../message-bus.port';
import type { RawBatch } from '../topic-bus';
import { MAX_BATCH_LINKS, tracedHandler } from './message-tracing';

const traceparent = (n: number) => `00-${n.toString(16).padStart(32, '0')}-${n.toString(16).padStart(16, '0')}-01`;

function batchOf(traceparents: readonly string[]): RawBatch {
  const messages: ReceivedMessage[] = traceparents.map((value, offset) => ({
    topic: 't',
    partition: 0,
    offset: BigInt(offset),
    key: 'k',
    value: new Uint8Array(),
    headers: { traceparent: value },
    timestampMs: 0,
  }));
  return { topic: 't', partition: 0, messages };
}

describe('tracedHandler', () => {
  const exporter = useInMemoryTracing();
  beforeEach(() => exporter.reset());

  it('links a context shared by a thousand messages once, and parents the span on the first message', async () => {
    await tracedHandler(async () => undefined, { system: 'test', groupId: 'g' })(batchOf([...Array(1_000).fill(traceparent(7)), traceparent(8)]));
    const [span] = exporter.getFinishedSpans();
    expect(span.links.map((l) => l.context.spanId)).toEqual([traceparent(7).split('-')[2], traceparent(8).split('-')[2]]);
    expect(span.parentSpanContext?.spanId).toBe(traceparent(7).split('-')[2]);
    expect(span.spanContext().traceId).toBe(traceparent(7).split('-')[1]);
  });

  it(`keeps at most ${MAX_BATCH_LINKS} links for a batch of more distinct contexts`, async () => {
    await tracedHandler(async () => undefined, { system: 'test', groupId: 'g' })(batchOf(Array.from({ length: 300 }, (_, i) => traceparent(i + 1))));
    const [span] = exporter.getFinishedSpans();
    expect(span.links).toHaveLength(MAX_BATCH_LINKS);
    expect(span.links[0].context.spanId).toBe(traceparent(1).split('-')[2]);
  });

  it('roots the span when no message carries a context', async () => {
    await tracedHandler(async () => undefined, { system: 'test', groupId: 'g' })(batchOf(['', '']));
    const [span] = exporter.getFinishedSpans();
    expect(span.links).toEqual([]);
    expect(span.parentSpanContext).toBeUndefined();
  });
});
