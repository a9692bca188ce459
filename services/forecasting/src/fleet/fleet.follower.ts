/**
 * Follows fleet.segment.v1 and fleet.grid-node.v1 from the beginning into the FleetView. The topics
 * are compacted tables, so each instance reads them whole with a consumer group of its own (a member
 * of the shared `forecasting` group would see only some partitions). Registry records were validated
 * by the registry before they were published; one that does not decode is logged and skipped.
 */
import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { decodeEvent } from '@trottoir/messaging';
import type { MessageBatch } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, LOGGER } from '@trottoir/service-runtime';

import { FleetView } from './fleet-view';

@Injectable()
export class FleetFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(FleetView) private readonly fleet: FleetView,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribe(
      { groupId: `forecasting-fleet-${randomUUID()}`, topics: [topics.fleetGridNode.name, topics.fleetSegment.name], fromBeginning: true },
      async (batch) => this.follow(batch),
    );
  }

  follow(batch: MessageBatch): void {
    if (batch.topic === topics.fleetGridNode.name) this.fleet.putGridNodes(this.decodeAll(batch, (message) => decodeEvent(topics.fleetGridNode, message)));
    else if (batch.topic === topics.fleetSegment.name) this.fleet.putSegments(this.decodeAll(batch, (message) => decodeEvent(topics.fleetSegment, message)));
  }

  private decodeAll<T extends GridNode | Segment>(batch: MessageBatch, decode: (message: MessageBatch['messages'][number]) => T): T[] {
    return batch.messages.flatMap((message) => {
      try {
        return [decode(message)];
      } catch (error) {
        this.logger.warn({ topic: batch.topic, key: message.key, reason: (error as Error).message }, 'fleet record skipped');
        return [];
      }
    });
  }
}
