/**
 * Follows fleet.segment.v1 and fleet.grid-node.v1 from the beginning into the FleetView. The topics
 * are compacted tables, so each instance reads them whole with a consumer group of its own (a member
 * of the shared `forecasting` group would see only some partitions). Registry records were validated
 * by the registry before they were published; one that does not decode is logged and skipped.
 */
import { randomUUID } from 'node:crypto';

import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
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
    const instance = randomUUID();
    await this.supervisor.subscribe(topics.fleetGridNode, { groupId: `forecasting-fleet-nodes-${instance}`, fromBeginning: true }, async (batch) =>
      this.fleet.putGridNodes(this.decodeAll(batch)),
    );
    await this.supervisor.subscribe(topics.fleetSegment, { groupId: `forecasting-fleet-segments-${instance}`, fromBeginning: true }, async (batch) =>
      this.fleet.putSegments(this.decodeAll(batch)),
    );
  }

  private decodeAll<Schema extends DescMessage>(batch: MessageBatch<Schema>): MessageShape<Schema>[] {
    return batch.messages.flatMap((message) => {
      try {
        return [decodeEvent(batch.topic, message)];
      } catch (error) {
        this.logger.warn({ topic: batch.topic.name, key: message.key, reason: (error as Error).message }, 'fleet record skipped');
        return [];
      }
    });
  }
}
