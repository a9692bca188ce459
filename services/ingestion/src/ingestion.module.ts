/**
 * The ingestion service: accepts segment telemetry (Kafka, MQTT, HTTP), validates, de-duplicates and stores it, and publishes per-grid-node state every minute.
 * Its capabilities arrive issue by issue as use cases wired here; the runtime (health, readiness,
 * metrics, consumer supervision, graceful shutdown) comes from RuntimeModule.
 */
import { Module } from '@nestjs/common';

import { NodeStateModule } from './node-state/node-state.module';
import { RegistryModule } from './registry/registry.module';
import { TelemetryModule } from './telemetry/telemetry.module';

@Module({
  imports: [
    RegistryModule,
    TelemetryModule,
    NodeStateModule.register(),
  ],
})
export class IngestionModule {}
