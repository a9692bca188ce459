/**
 * Dead-letter publishing: a message that can never be processed (undecodable, invalid) is moved to a
 * DLQ topic unchanged — same key, same value bytes, original headers kept — with headers saying why,
 * from where and when, so it can be inspected and replayed. The consumer then commits past it.
 */
import type { MessageBus, MessageHeaders, ReceivedMessage } from './message-bus.port';

export interface DeadLetterReason {
  /** Machine-readable, e.g. `DECODE_FAILED`, `INVALID_TELEMETRY`. */
  code: string;
  detail: string;
}

export const DLQ_HEADERS = {
  reasonCode: 'dlq-reason-code',
  reasonDetail: 'dlq-reason-detail',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  source: 'dlq-source',
  failedAt: 'dlq-failed-at',
} as const;

export function deadLetterHeaders(
  original: ReceivedMessage,
  reason: DeadLetterReason,
  source: string,
  failedAtMs: number,
): MessageHeaders {
  return {
    ...original.headers,
    [DLQ_HEADERS.reasonCode]: reason.code,
    [DLQ_HEADERS.reasonDetail]: reason.detail,
    [DLQ_HEADERS.originalTopic]: original.topic,
    [DLQ_HEADERS.originalPartition]: String(original.partition),
    [DLQ_HEADERS.originalOffset]: original.offset.toString(),
    [DLQ_HEADERS.source]: source,
    [DLQ_HEADERS.failedAt]: new Date(failedAtMs).toISOString(),
  };
}

/** Publishes `original` to `dlqTopic`; `source` is the service (consumer group) that gave up on it. */
export async function deadLetter(
  bus: MessageBus,
  dlqTopic: string,
  original: ReceivedMessage,
  reason: DeadLetterReason,
  source: string,
  now: () => number = Date.now,
): Promise<void> {
  await bus.publish(dlqTopic, [
    {
      key: original.key,
      value: original.value,
      headers: deadLetterHeaders(original, reason, source, now()),
      timestampMs: original.timestampMs,
    },
  ]);
}
