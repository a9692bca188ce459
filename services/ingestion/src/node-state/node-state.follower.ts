/**
 * Follows grid.node-state.v1 in every replica (a per-instance group, from the newest records), so that
 * the operators' view of each node (LatestNodeStates, GET /v1/grid-nodes/{id}/state) is current on the
 * replicas that do not hold the node-state lease, not only on the one that computes the states.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, decodeEach, LOGGER } from '@trottoir/service-runtime';

import { LatestNodeStates } from './latest-node-states';
import { fromGridNodeStateMessage } from './node-state.message';

@Injectable()
export class NodeStateFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LatestNodeStates) private readonly latest: LatestNodeStates,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribePerInstance(topics.gridNodeState, { purpose: 'node-state', fromBeginning: false }, async (batch) => {
      this.latest.merge(decodeEach(batch, this.logger).map(fromGridNodeStateMessage));
    });
  }
}
