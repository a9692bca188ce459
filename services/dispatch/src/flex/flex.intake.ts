/**
 * The Kafka edge of dispatch: flex.request.v1 and flex.order.v1 in the service's consumer group (each
 * message handled by one instance; one node's messages in order on one partition). A message that does
 * not decode or is malformed goes to flex.dlq.v1 with its reason, and the consumer goes on; a well-formed
 * one is answered (an offer, an order response), even when the answer is no.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import type { DeadLetterPublisher, MessageBatch, RejectedMessage } from '@trottoir/messaging';
import { decodeEvent } from '@trottoir/messaging';

export interface FlexIntakeHandler<Schema extends DescMessage> {
  /** What is wrong with the message's shape (empty: nothing). */
  check(message: MessageShape<Schema>): string[];
  handle(message: MessageShape<Schema>): Promise<unknown>;
}

export async function handleFlexBatch<Schema extends DescMessage>(
  batch: MessageBatch<Schema>,
  handler: FlexIntakeHandler<Schema>,
  deadLetters: DeadLetterPublisher,
): Promise<void> {
  const rejected: RejectedMessage[] = [];
  for (const message of batch.messages) {
    let decoded: MessageShape<Schema>;
    try {
      decoded = decodeEvent(batch.topic as TopicDefinition<Schema>, message);
    } catch (error) {
      rejected.push({ message, reason: { code: 'DECODE_FAILED', detail: (error as Error).message } });
      continue;
    }
    const problems = handler.check(decoded);
    if (problems.length > 0) {
      rejected.push({ message, reason: { code: 'SCHEMA_INVALID', detail: problems.join('; ') } });
      continue;
    }
    // One at a time, in partition order: an order may follow its own request's offer on the same partition.
    await handler.handle(decoded);
  }
  await deadLetters.publish(rejected);
}
