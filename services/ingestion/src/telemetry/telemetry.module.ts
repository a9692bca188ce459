/**
 * Telemetry ingestion: the Kafka pipeline (decode → validate → store → publish validated, DLQ for
 * the rest), the MQTT bridge and the HTTP batch endpoint, on the runtime's bus, pool and metrics.
 */
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Registry } from '@trottoir/observability';
import { DirtyIntervalStore, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import { CLOCK, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { loadDataLifecycleConfig } from '../lifecycle/data-lifecycle.config';
import { ApplicationRegistry } from '../registry/application-registry';
import { NdjsonBodyMiddleware } from './ndjson-body.middleware';
import { loadTelemetryConfig } from './telemetry.config';
import { TelemetryController } from './telemetry.controller';
import { TelemetryIntake } from './telemetry.intake';
import { TelemetryMetrics } from './telemetry.metrics';
import { TelemetryPipeline } from './telemetry.pipeline';
import { TelemetryRunner } from './telemetry.runner';
import { DEAD_LETTER_SOURCE, TELEMETRY_CONFIG, TELEMETRY_DEAD_LETTERS } from './telemetry.tokens';

@Module({
  controllers: [TelemetryController],
  providers: [
    { provide: TELEMETRY_CONFIG, useFactory: () => loadTelemetryConfig() },
    {
      provide: TELEMETRY_DEAD_LETTERS,
      useFactory: (bus: MessageBus, clock: Clock) => new DeadLetterPublisher(bus, topics.telemetryDlq, DEAD_LETTER_SOURCE, clock),
      inject: [MESSAGE_BUS, CLOCK],
    },
    { provide: TelemetryMetrics, useFactory: (registry: Registry) => new TelemetryMetrics(registry), inject: [METRICS_REGISTRY] },
    { provide: ApplicationRegistry, useFactory: (moduleRef: ModuleRef) => new ApplicationRegistry(moduleRef), inject: [ModuleRef] },
    {
      provide: TelemetryPipeline,
      useFactory: async (bus: MessageBus, deadLetters: DeadLetterPublisher, pool: Pool, metrics: TelemetryMetrics, segments: ApplicationRegistry, clock: Clock) => {
        const schema = await TimeSeriesSchema.detect(pool);
        // The writer's partition horizon follows the runtime's clock, like everything else the service dates,
        // and stops at the raw retention: a reading older than that must not bring back a dropped day.
        const retentionDays = loadDataLifecycleConfig().telemetryRawRetentionDays;
        const writer = new TelemetryWriter(pool, schema, { clock, ...(retentionDays > 0 ? { horizon: { maxPastDays: retentionDays, maxFutureDays: 2 } } : {}) });
        return new TelemetryPipeline({ bus, deadLetters, writer, dirtyIntervals: new DirtyIntervalStore(pool), segments, metrics, clock });
      },
      inject: [MESSAGE_BUS, TELEMETRY_DEAD_LETTERS, PG_POOL, TelemetryMetrics, ApplicationRegistry, CLOCK],
    },
    {
      provide: TelemetryIntake,
      useFactory: (bus: MessageBus, deadLetters: DeadLetterPublisher, segments: ApplicationRegistry, metrics: TelemetryMetrics, clock: Clock) =>
        new TelemetryIntake(bus, deadLetters, segments, metrics, clock),
      inject: [MESSAGE_BUS, TELEMETRY_DEAD_LETTERS, ApplicationRegistry, TelemetryMetrics, CLOCK],
    },
    TelemetryRunner,
  ],
})
export class TelemetryModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NdjsonBodyMiddleware).forRoutes({ path: 'v1/telemetry', method: RequestMethod.POST });
  }
}
