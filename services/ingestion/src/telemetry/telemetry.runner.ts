/**
 * Starts the telemetry inputs once the application is built: the Kafka consumer of telemetry.raw.v1
 * (group `ingestion`, through the ConsumerSupervisor, which also closes it first on shutdown) and the
 * optional MQTT bridge, whose state joins the service's readiness.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, LOGGER, MESSAGE_BUS, ReadinessRegistry } from '@trottoir/service-runtime';

import { MqttTelemetryBridge } from './mqtt.bridge';
import { RegistrySegments } from './registry-segments';
import type { TelemetryConfig } from './telemetry.config';
import { TelemetryPipeline } from './telemetry.pipeline';
import { TELEMETRY_CONFIG } from './telemetry.tokens';

@Injectable()
export class TelemetryRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private bridge: MqttTelemetryBridge | undefined;

  constructor(
    @Inject(TelemetryPipeline) private readonly pipeline: TelemetryPipeline,
    @Inject(RegistrySegments) private readonly segments: RegistrySegments,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(TELEMETRY_CONFIG) private readonly config: TelemetryConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Fails the start now, rather than every batch later, when no module provides the registry.
    this.segments.all();
    await this.supervisor.subscribe({ topics: [topics.telemetryRaw.name], maxBatchSize: this.config.batchSize }, (batch) => this.pipeline.handle(batch));
    if (this.config.mqttUrl !== undefined) {
      const bridge = new MqttTelemetryBridge(this.config.mqttUrl, this.bus, this.logger);
      this.bridge = bridge;
      this.readiness.register('mqtt', async () => {
        if (!bridge.connected) throw new Error('MQTT broker not connected');
      });
      bridge.start().catch((error: unknown) => this.logger.error({ err: error }, 'MQTT telemetry bridge failed to subscribe'));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.bridge?.stop();
  }
}
