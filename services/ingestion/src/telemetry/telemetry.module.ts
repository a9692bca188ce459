/**
 * Telemetry ingestion: the Kafka pipeline (decode → validate → store → publish validated, DLQ for
 * the rest), the MQTT bridge and the HTTP batch endpoint, on the runtime's bus, pool and metrics.
 */
import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MessageBus } from '@trottoir/messaging';
import type { Registry } from '@trottoir/observability';
import { DirtyIntervalStore, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import { MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { ApplicationRegistry } from '../registry/application-registry';
import { loadTelemetryConfig } from './telemetry.config';
import { TelemetryController } from './telemetry.controller';
import { TelemetryIntake } from './telemetry.intake';
import { TelemetryMetrics } from './telemetry.metrics';
import { TelemetryPipeline } from './telemetry.pipeline';
import { TelemetryRunner } from './telemetry.runner';
import { TELEMETRY_CONFIG } from './telemetry.tokens';

@Module({
  controllers: [TelemetryController],
  providers: [
    { provide: TELEMETRY_CONFIG, useFactory: () => loadTelemetryConfig() },
    { provide: TelemetryMetrics, useFactory: (registry: Registry) => new TelemetryMetrics(registry), inject: [METRICS_REGISTRY] },
    { provide: ApplicationRegistry, useFactory: (moduleRef: ModuleRef) => new ApplicationRegistry(moduleRef), inject: [ModuleRef] },
    {
      provide: TelemetryPipeline,
      useFactory: async (bus: MessageBus, pool: Pool, metrics: TelemetryMetrics, segments: ApplicationRegistry) => {
        const schema = await TimeSeriesSchema.detect(pool);
        return new TelemetryPipeline({ bus, writer: new TelemetryWriter(pool, schema), dirtyIntervals: new DirtyIntervalStore(pool), segments, metrics });
      },
      inject: [MESSAGE_BUS, PG_POOL, TelemetryMetrics, ApplicationRegistry],
    },
    {
      provide: TelemetryIntake,
      useFactory: (bus: MessageBus, segments: ApplicationRegistry, metrics: TelemetryMetrics) => new TelemetryIntake(bus, segments, metrics),
      inject: [MESSAGE_BUS, ApplicationRegistry, TelemetryMetrics],
    },
    TelemetryRunner,
  ],
})
export class TelemetryModule {}
