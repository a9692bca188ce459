/**
 * Dead-letter publishing: a message that can never be processed (undecodable, invalid) is moved to a
 * DLQ topic unchanged — same key, same value bytes, original headers kept — with the `dlq-*` headers
 * of the DLQ contract (DEAD_LETTER_HEADERS in @trottoir/contracts) saying why, from where and when,
 * so it can be inspected and replayed. The consumer then commits past it.
 */
import { DEAD_LETTER_HEADERS } from '@trottoir/contracts';

import type { MessageBus, MessageHeaders, ReceivedMessage } from './message-bus.port';

export interface DeadLetterReason {
  /** Machine-readable, e.g. `DECODE_FAILED`, `INVALID_TELEMETRY`. */
  code: string;
  detail: string;
}

export function deadLetterHeaders(
  original: ReceivedMessage,
  reason: DeadLetterReason,
  source: string,
  failedAtMs: number,
): MessageHeaders {
  return {
    ...original.headers,
    [DEAD_LETTER_HEADERS.reason]: reason.code,
    [DEAD_LETTER_HEADERS.detail]: reason.detail,
    [DEAD_LETTER_HEADERS.originalTopic]: original.topic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(original.partition),
    [DEAD_LETTER_HEADERS.originalOffset]: original.offset.toString(),
    [DEAD_LETTER_HEADERS.source]: source,
    [DEAD_LETTER_HEADERS.failedAt]: new Date(failedAtMs).toISOString(),
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
