/**
 * Follows forecast.node.v1 into NodeForecasts: each instance keeps every node's latest issue, read in
 * a consumer group of its own from the end (older issues are in PostgreSQL).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, decodeEach, LOGGER } from '@trottoir/service-runtime';

import { NodeForecasts, nodeFlowForecastOf } from './node-forecasts';

@Injectable()
export class NodeForecastFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(NodeForecasts) private readonly forecasts: NodeForecasts,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribePerInstance(topics.forecastNode, { purpose: 'forecasts', fromBeginning: false }, async (batch) => {
      for (const forecast of decodeEach(batch, this.logger)) this.forecasts.put(forecast.nodeId, nodeFlowForecastOf(forecast));
    });
  }
}
