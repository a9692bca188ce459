/**
 * The fleet registry of the ingestion service: REST registration and reads, its records in
 * PostgreSQL (REGISTRY_RECORDS) with their events in the outbox (relayed by DataLifecycleModule), the compacted topics followed into memory, and the two ports the
 * telemetry pipeline and the node state use (SEGMENT_LOOKUP, GRID_TOPOLOGY), both answered by the one
 * in-memory FleetRegistry of @trottoir/fleet, which also tells the access layer who owns each grid
 * node (GRID_OWNERSHIP).
 */
import { Module } from '@nestjs/common';
import { FleetRegistry } from '@trottoir/fleet';
import type { Clock } from '@trottoir/kernel';
import { OutboxRelay } from '@trottoir/messaging';
import { CLOCK, GRID_OWNERSHIP, PG_POOL } from '@trottoir/service-runtime';
import type { GridOwnership } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { DataLifecycleModule } from '../lifecycle/data-lifecycle.module';
import { RegistryController } from './registry.controller';
import { RegistryPublisher } from './registry.publisher';
import { RegistryService } from './registry.service';
import { PgRegistryStore } from './registry-store.pg';
import { REGISTRY_RECORDS } from './registry-records.port';
import { GRID_TOPOLOGY, SEGMENT_LOOKUP } from './segment-lookup.port';

@Module({
  imports: [DataLifecycleModule],
  controllers: [RegistryController],
  providers: [
    FleetRegistry,
    { provide: REGISTRY_RECORDS, useFactory: (pool: Pool) => new PgRegistryStore(pool), inject: [PG_POOL] },
    { provide: RegistryPublisher, useFactory: (relay: OutboxRelay, clock: Clock) => new RegistryPublisher(relay, clock), inject: [OutboxRelay, CLOCK] },
    RegistryService,
    { provide: SEGMENT_LOOKUP, useExisting: FleetRegistry },
    { provide: GRID_TOPOLOGY, useExisting: FleetRegistry },
    {
      provide: GRID_OWNERSHIP,
      useFactory: (registry: FleetRegistry): GridOwnership => ({ dsoOfNode: (nodeId) => registry.node(nodeId)?.dsoId, nodeOfSegment: (segmentId) => registry.find(segmentId)?.gridNodeId }),
      inject: [FleetRegistry],
    },
  ],
  exports: [SEGMENT_LOOKUP, GRID_TOPOLOGY, GRID_OWNERSHIP, FleetRegistry],
})
export class RegistryModule {}
