/**
 * Starts the telemetry inputs once the application is built: the Kafka consumer of telemetry.raw.v1
 * (group `ingestion`, through the ConsumerSupervisor, which also closes it first on shutdown) and the
 * optional MQTT bridge, whose state joins the service's readiness.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import { NamespacedMessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, loadPlatformConfig, LOGGER, MESSAGE_BUS, ReadinessRegistry, SERVICE_NAME } from '@trottoir/service-runtime';

import { ConsumerLagPoller } from './consumer-lag';

import { MqttTelemetryBridge } from './mqtt.bridge';
import { ApplicationRegistry } from '../registry/application-registry';
import type { TelemetryConfig } from './telemetry.config';
import { TelemetryMetrics } from './telemetry.metrics';
import { TelemetryPipeline } from './telemetry.pipeline';
import { TELEMETRY_CONFIG } from './telemetry.tokens';

@Injectable()
export class TelemetryRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private bridge: MqttTelemetryBridge | undefined;
  private lagPoller: ConsumerLagPoller | undefined;

  constructor(
    @Inject(TelemetryPipeline) private readonly pipeline: TelemetryPipeline,
    @Inject(ApplicationRegistry) private readonly segments: ApplicationRegistry,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(TELEMETRY_CONFIG) private readonly config: TelemetryConfig,
    @Inject(TelemetryMetrics) private readonly metrics: TelemetryMetrics,
    @Inject(SERVICE_NAME) private readonly groupId: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Fails the start now, rather than every batch later, when no module provides the registry.
    this.segments.all();
    await this.supervisor.subscribe(topics.telemetryRaw, { maxBatchSize: this.config.batchSize, concurrency: this.config.concurrency }, (batch) => this.pipeline.handle(batch));
    const platform = loadPlatformConfig();
    if (platform.kafkaBrokers !== undefined) {
      // The names on the broker: namespaced when the platform shares its cluster (TROTTOIR_KAFKA_NAMESPACE).
      const namespaced = this.bus instanceof NamespacedMessageBus ? this.bus : undefined;
      const topic = namespaced ? namespaced.topic(topics.telemetryRaw) : topics.telemetryRaw;
      const groupId = namespaced ? namespaced.groupId(this.groupId) : this.groupId;
      this.lagPoller = new ConsumerLagPoller({ ...platform, kafkaBrokers: platform.kafkaBrokers }, groupId, topic, this.metrics.consumerLag, this.logger);
      this.lagPoller.start();
    }
    if (this.config.mqttUrl !== undefined) {
      const bridge = new MqttTelemetryBridge(
        { url: this.config.mqttUrl, clientId: this.config.mqttClientId, connections: this.config.mqttConnections, shareGroup: this.config.mqttShareGroup },
        this.bus,
        this.logger,
      );
      this.bridge = bridge;
      this.readiness.register('mqtt', async () => {
        if (!bridge.connected) throw new Error('MQTT broker not connected');
      });
      bridge.start().catch((error: unknown) => this.logger.error({ err: error }, 'MQTT telemetry bridge failed to subscribe'));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.bridge?.stop();
    await this.lagPoller?.stop();
  }
}
