/**
 * Wires the per-minute grid node state: config (checked at start), the cycle over the minute rollups
 * in PostgreSQL (MINUTE_ROLLUPS) and the bus on the runtime's clock, its scheduler and the operators'
 * endpoint, kept current on every replica by the follower of grid.node-state.v1. SEGMENT_LOOKUP and
 * GRID_TOPOLOGY come from whichever module of the application provides them (see ApplicationRegistry).
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Leases } from '@trottoir/service-runtime';
import { CLOCK, LEASES, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { ApplicationRegistry } from '../registry/application-registry';
import { LatestNodeStates } from './latest-node-states';
import { PgMinuteRollups } from './minute-rollups.pg';
import type { MinuteRollups } from './minute-rollups.port';
import { MINUTE_ROLLUPS } from './minute-rollups.port';
import { NodeStateController } from './node-state.controller';
import { NodeStateFollower } from './node-state.follower';
import type { NodeStateConfig } from './node-state.config';
import { NODE_STATE_CONFIG, loadNodeStateConfig } from './node-state.config';
import { NODE_STATE_LEASE, NodeStateCycle } from './node-state.cycle';
import { NodeStateMetrics } from './node-state.metrics';
import { NodeStateScheduler } from './node-state.scheduler';

export interface NodeStateModuleOptions {
  /** Where the configuration is read from; the process environment by default. */
  readonly env?: NodeJS.ProcessEnv;
}

@Module({})
export class NodeStateModule {
  static register(options: NodeStateModuleOptions = {}): DynamicModule {
    return {
      module: NodeStateModule,
      controllers: [NodeStateController],
      providers: [
        { provide: NODE_STATE_CONFIG, useFactory: () => loadNodeStateConfig(options.env ?? process.env) },
        LatestNodeStates,
        NodeStateFollower,
        { provide: ApplicationRegistry, useFactory: (moduleRef: ModuleRef) => new ApplicationRegistry(moduleRef), inject: [ModuleRef] },
        { provide: NodeStateMetrics, useFactory: (registry: Registry) => new NodeStateMetrics(registry), inject: [METRICS_REGISTRY] },
        { provide: MINUTE_ROLLUPS, useFactory: (pool: Pool) => new PgMinuteRollups(pool), inject: [PG_POOL] },
        {
          provide: NodeStateCycle,
          useFactory: (
            rollups: MinuteRollups,
            bus: MessageBus,
            logger: Logger,
            registry: ApplicationRegistry,
            clock: Clock,
            config: NodeStateConfig,
            metrics: NodeStateMetrics,
            latest: LatestNodeStates,
            leases: Leases,
          ) => new NodeStateCycle({ rollups, bus, segments: registry, topology: registry, clock, config, metrics, latest, logger, lease: leases.lease(NODE_STATE_LEASE) }),
          inject: [MINUTE_ROLLUPS, MESSAGE_BUS, LOGGER, ApplicationRegistry, CLOCK, NODE_STATE_CONFIG, NodeStateMetrics, LatestNodeStates, LEASES],
        },
        {
          provide: NodeStateScheduler,
          useFactory: (cycle: NodeStateCycle, clock: Clock, config: NodeStateConfig, logger: Logger) =>
            new NodeStateScheduler(cycle, clock, config.cycleDelayMs, logger),
          inject: [NodeStateCycle, CLOCK, NODE_STATE_CONFIG, LOGGER],
        },
      ],
      exports: [LatestNodeStates, NodeStateCycle],
    };
  }
}
