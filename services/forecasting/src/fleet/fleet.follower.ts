/**
 * Follows fleet.segment.v1 and fleet.grid-node.v1 from the beginning into the FleetView. The topics
 * are compacted tables, so each instance reads them whole with a consumer group of its own (a member
 * of the shared `forecasting` group would see only some partitions). Registry records were validated
 * by the registry before they were published; one that does not decode is logged and skipped.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, followFleet, LOGGER } from '@trottoir/service-runtime';

import { FleetView } from './fleet-view';

@Injectable()
export class FleetFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(FleetView) private readonly fleet: FleetView,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return followFleet(this.supervisor, this.fleet, this.logger);
  }
}
