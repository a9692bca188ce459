/**
 * W3C trace context across the bus, with only `@opentelemetry/api` (no SDK here: the service decides).
 *
 * Publish: one PRODUCER span `<topic> publish` per publish call; its context is injected into every
 * message's headers (`traceparent`/`tracestate`).
 * Consume: one CONSUMER span `<topic> process` per batch. A span per message would double the tracing
 * cost on the hot telemetry path, so the batch span is the child of the first message's producer span
 * (the common case is one producer per batch) and carries a link to each distinct producer context of
 * the batch, so a trace started by any of the other producers still leads to it. Messages of one
 * publish share their context: it is parsed once per distinct header value, and at most
 * `MAX_BATCH_LINKS` links are kept (OpenTelemetry's default span limit drops the rest anyway).
 */
import type { Context, Link, Span, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import type { MessageHeaders, OutgoingMessage } from '../message-bus.port';
import type { RawBatchHandler } from '../topic-bus';

const TRACER_NAME = '@trottoir/messaging';

const headerSetter: TextMapSetter<MessageHeaders> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export interface TracingAttributes {
  /** 'kafka' or 'in-process', for `messaging.system`. */
  system: string;
}

/** OpenTelemetry's default `linkCountLimit`. */
export const MAX_BATCH_LINKS = 128;

/**
 * Runs `send` inside a PRODUCER span, handing it the trace headers every message must carry besides its
 * own (the adapter merges them into the record it builds anyway: the context is the same for every
 * message, so it is injected once, and no message is copied for it; the propagator's work and those
 * copies were a visible share of the ingestion hot path).
 */
export async function tracedPublish<T>(
  topic: string,
  messages: readonly OutgoingMessage[],
  attributes: TracingAttributes,
  send: (traceHeaders: Readonly<MessageHeaders>) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const span = tracer.startSpan(`${topic} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': attributes.system,
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      'messaging.batch.message_count': messages.length,
    },
  });
  const spanContext = trace.setSpan(context.active(), span);
  const traceHeaders: MessageHeaders = {};
  propagation.inject(spanContext, traceHeaders, headerSetter);
  return runInSpan(span, spanContext, () => send(traceHeaders));
}

/** Runs `work` with `span` active in `activeContext`, records a failure on it, and always ends it. */
async function runInSpan<T>(span: Span, activeContext: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(activeContext, work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** The context a message was published in (ROOT_CONTEXT when it carries none). */
export function extractMessageContext(headers: MessageHeaders): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/**
 * The first message's context (the batch span's parent) and links to the distinct contexts of the
 * batch, each parsed once: the key is the message's values of the propagator's header fields.
 */
function batchContexts(messages: readonly { readonly headers: MessageHeaders }[]): { parent: Context; links: Link[] } {
  const fields = propagation.fields();
  const seen = new Set<string>();
  const links: Link[] = [];
  let parent: Context | undefined;
  for (const message of messages) {
    let key = '';
    for (const field of fields) key += `${message.headers[field] ?? ''}\n`;
    if (seen.has(key)) continue;
    seen.add(key);
    const messageContext = extractMessageContext(message.headers);
    parent ??= messageContext;
    const linked = trace.getSpanContext(messageContext);
    if (linked) links.push({ context: linked });
    if (links.length >= MAX_BATCH_LINKS) break;
  }
  return { parent: parent ?? ROOT_CONTEXT, links };
}

/** Wraps a batch handler so that each call runs inside a CONSUMER span parented as described above. */
export function tracedHandler(handler: RawBatchHandler, attributes: TracingAttributes & { groupId: string }): RawBatchHandler {
  const tracer = trace.getTracer(TRACER_NAME);
  return async (batch) => {
    const { parent, links } = batchContexts(batch.messages);
    const span = tracer.startSpan(
      `${batch.topic} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': attributes.system,
          'messaging.operation.type': 'process',
          'messaging.destination.name': batch.topic,
          'messaging.destination.partition.id': String(batch.partition),
          'messaging.consumer.group.name': attributes.groupId,
          'messaging.batch.message_count': batch.messages.length,
        },
      },
      parent,
    );
    await runInSpan(span, trace.setSpan(parent, span), () => handler(batch));
  };
}
