/**
 * Publishes registry changes on the compacted topics fleet.grid-node.v1 and fleet.segment.v1.
 * Concurrent PUTs need no care here: the message bus merges concurrent publishes into one request.
 */
import { topics } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';

const SOURCE = 'trottoir/ingestion';

export class RegistryPublisher {
  constructor(private readonly bus: MessageBus) {}

  async publish(change: { gridNode?: GridNode; segment?: Segment }): Promise<void> {
    if (change.gridNode) await this.bus.publish(topics.fleetGridNode, [change.gridNode], { source: SOURCE });
    if (change.segment) await this.bus.publish(topics.fleetSegment, [change.segment], { source: SOURCE });
  }
}
