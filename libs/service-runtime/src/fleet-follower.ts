/**
 * Follows the fleet registry's compacted topics (fleet.grid-node.v1, fleet.segment.v1) from the
 * beginning into a service's in-memory view. They are tables, so each instance reads them whole with
 * consumer groups of its own (a member of the service's shared group would see only some partitions),
 * named after the instance and deleted on shutdown (ConsumerSupervisor.subscribePerInstance).
 * Registry records were validated by the registry before they were published; one that does not
 * decode is logged and skipped.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { GridNode, Segment } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';
import { decodeEvent } from '@trottoir/messaging';
import type { MessageBatch } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { ConsumerSupervisor } from './consumer-supervisor';

export interface FleetSink {
  putGridNodes(nodes: GridNode[]): void;
  putSegments(segments: Segment[]): void;
}

/** Decodes every message of a batch as its topic's event; one that does not decode is logged and left out. */
export function decodeEach<Schema extends DescMessage>(batch: MessageBatch<Schema>, logger: Logger): MessageShape<Schema>[] {
  return batch.messages.flatMap((message) => {
    try {
      return [decodeEvent(batch.topic, message)];
    } catch (error) {
      logger.warn({ topic: batch.topic.name, key: message.key, reason: (error as Error).message }, 'record skipped');
      return [];
    }
  });
}

/**
 * Starts following the fleet topics into `sink`, in groups `<service>-<purpose>-nodes-<instance>-<start>`
 * and `…-segments-…` (`purpose` tells two followers of one service apart: `fleet`, `access-fleet`).
 */
export async function followFleet(supervisor: ConsumerSupervisor, sink: FleetSink, logger: Logger, purpose = 'fleet'): Promise<void> {
  await supervisor.subscribePerInstance(topics.fleetGridNode, { purpose: `${purpose}-nodes`, fromBeginning: true }, async (batch) => sink.putGridNodes(decodeEach(batch, logger)));
  await supervisor.subscribePerInstance(topics.fleetSegment, { purpose: `${purpose}-segments`, fromBeginning: true }, async (batch) => sink.putSegments(decodeEach(batch, logger)));
}
