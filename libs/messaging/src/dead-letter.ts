/**
 * The one dead-letter publisher: a message that can never be processed (undecodable, invalid) is moved
 * to its DLQ topic unchanged — same key, same value bytes, original headers kept — with the `dlq-*`
 * headers of the DLQ contract (DEAD_LETTER_HEADERS in @trottoir/contracts) saying why, from where and
 * when, so that it can be inspected and replayed (`trottoir dlq`). The consumer then commits past it.
 * One publish per call, so a burst of bad input costs one round trip, not one per message.
 */
import type { TopicDefinition } from '@trottoir/contracts';
import { DEAD_LETTER_HEADERS } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import { systemClock } from '@trottoir/kernel';

import type { MessageBus, MessageHeaders, ReceivedMessage } from './message-bus.port';

export interface DeadLetterReason {
  /** Machine-readable, e.g. `DECODE_FAILED`, `OUT_OF_RANGE`. */
  code: string;
  detail: string;
}

export interface RejectedMessage {
  readonly message: ReceivedMessage;
  readonly reason: DeadLetterReason;
}

export function deadLetterHeaders(original: ReceivedMessage, reason: DeadLetterReason, source: string, failedAtMs: number): MessageHeaders {
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

export class DeadLetterPublisher {
  /**
   * @param topic a dead-letter topic of the registry (its value format is the original bytes)
   * @param source the service (and consumer group) that gives up on the messages: their `dlq-source`
   */
  constructor(
    private readonly bus: MessageBus,
    private readonly topic: TopicDefinition,
    private readonly source: string,
    private readonly clock: Clock = systemClock,
  ) {
    if (topic.valueFormat !== 'original-bytes') throw new TypeError(`${topic.name} is not a dead-letter topic (it carries ${topic.valueFormat})`);
  }

  async publish(rejected: readonly RejectedMessage[]): Promise<void> {
    if (rejected.length === 0) return;
    const failedAtMs = this.clock.now();
    await this.bus.publishRecords(
      this.topic,
      rejected.map(({ message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: deadLetterHeaders(message, reason, this.source, failedAtMs),
        timestampMs: message.timestampMs,
      })),
    );
  }
}
