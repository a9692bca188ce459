/**
 * Sends rejected telemetry to telemetry.dlq.v1: original key, bytes and headers, plus the `dlq-*`
 * headers of the contract (built by @trottoir/messaging's dead-letter helper). One publish per batch,
 * so a burst of bad input costs one round trip, not one per message.
 */
import { topics } from '@trottoir/contracts';
import type { Rejection } from '@trottoir/telemetry';
import type { MessageBus, ReceivedMessage } from '@trottoir/messaging';
import { deadLetterHeaders } from '@trottoir/messaging';

import type { TelemetryMetrics } from './telemetry.metrics';

export interface RejectedMessage {
  readonly message: ReceivedMessage;
  readonly rejection: Rejection;
}

/** The dead letters' `dlq-source`: the service (and consumer group) that set them aside. */
export const DEAD_LETTER_SOURCE = 'ingestion';

export async function publishDeadLetters(
  bus: MessageBus,
  rejected: readonly RejectedMessage[],
  metrics: TelemetryMetrics,
  nowTs: number,
  dlqTopic: string = topics.telemetryDlq.name,
): Promise<void> {
  if (rejected.length === 0) return;
  await bus.publish(
    dlqTopic,
    rejected.map(({ message, rejection }) => ({
      key: message.key,
      value: message.value,
      headers: deadLetterHeaders(message, rejection, DEAD_LETTER_SOURCE, nowTs),
      timestampMs: message.timestampMs,
    })),
  );
  for (const { rejection } of rejected) metrics.deadLettered.inc({ reason: rejection.code });
}
