/**
 * The Kafka edge of settlement: flex.order-response.v1 in the service's consumer group. An accepted order
 * is followed until settled (recorded once by its id, so a replayed topic follows nothing twice); a
 * rejected one has nothing to settle. A message that does not decode or is malformed goes to flex.dlq.v1
 * with its reason, and the consumer goes on.
 */
import type { FlexOrderResponse } from '@trottoir/contracts';
import { FlexOrderStatus, topics } from '@trottoir/contracts';
import type { DeadLetterPublisher, MessageBatch, RejectedMessage } from '@trottoir/messaging';
import { decodeEvent } from '@trottoir/messaging';

import type { SettlementMetrics } from '../settlement.metrics';
import type { StatementStore } from '../store/statement-store.port';

/** What is wrong with a response's shape (empty: nothing). */
export function checkOrderResponse(response: FlexOrderResponse): string[] {
  const problems: string[] = [];
  if (response.orderId.trim() === '') problems.push('orderId is empty');
  if (response.nodeId.trim() === '') problems.push('nodeId is empty');
  if (!Object.values(FlexOrderStatus).includes(response.status) || response.status === FlexOrderStatus.UNSPECIFIED) problems.push(`status ${response.status} is not accepted or rejected`);
  if (!Number.isSafeInteger(response.respondedAt) || response.respondedAt <= 0) problems.push(`respondedAt ${response.respondedAt} is not an epoch ms`);
  return problems;
}

export async function handleOrderResponses(
  batch: MessageBatch<typeof topics.flexOrderResponse.schema>,
  deps: { store: StatementStore; deadLetters: DeadLetterPublisher; metrics: SettlementMetrics },
): Promise<void> {
  const rejected: RejectedMessage[] = [];
  for (const message of batch.messages) {
    let response: FlexOrderResponse;
    try {
      response = decodeEvent(topics.flexOrderResponse, message);
    } catch (error) {
      rejected.push({ message, reason: { code: 'DECODE_FAILED', detail: (error as Error).message } });
      continue;
    }
    const problems = checkOrderResponse(response);
    if (problems.length > 0) {
      rejected.push({ message, reason: { code: 'SCHEMA_INVALID', detail: problems.join('; ') } });
      continue;
    }
    if (response.status !== FlexOrderStatus.ACCEPTED) continue;
    const outcome = await deps.store.followOrder({ orderId: response.orderId, nodeId: response.nodeId, acceptedAt: response.respondedAt });
    deps.metrics.ordersFollowed.inc({ outcome });
  }
  await deps.deadLetters.publish(rejected);
}
